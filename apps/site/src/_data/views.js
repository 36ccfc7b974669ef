// The page models derived from the four sources above (see lib/view.js).
export default async ({ cica }) => cica.views();
