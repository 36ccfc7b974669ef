// Published events from the CMS (or the snapshot), each validated as it enters.
export default async ({ cica }) => (await cica.content()).events;
