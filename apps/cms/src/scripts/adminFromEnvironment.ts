// Imported first by createAdmin.ts: takes ADMIN_EMAIL / ADMIN_PASSWORD out of the environment before
// the config loads, so that its start-up (lib/firstAdmin.ts ensureFirstAdmin) does not create this
// account itself and the command can report what it did.
export const account = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
delete process.env.ADMIN_EMAIL;
delete process.env.ADMIN_PASSWORD;
