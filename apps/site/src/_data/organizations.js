// Organisations (event hosts), validated as they enter.
export default async ({ cica }) => (await cica.content()).organizations;
