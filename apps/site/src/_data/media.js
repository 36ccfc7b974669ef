// Media documents (images, documents), validated as they enter; files are copied after the build.
export default async ({ cica }) => (await cica.content()).media;
