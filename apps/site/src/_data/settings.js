// The site-settings global (site name, main-news banner, footer), validated as it enters.
export default async ({ cica }) => (await cica.content()).settings;
