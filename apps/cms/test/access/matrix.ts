// Who may do what, through every write path — the table the access-matrix
// test checks cell by cell over REST and GraphQL, and that SECURITY.md shows
// ("Roles and access"). Change a rule here, in the access code, and in the
// docs (UPDATE_DOCS=1 npx vitest run test/access-matrix.test.ts) together.

export const roles = ["anonymous", "translator", "editor", "admin"] as const;
export type Role = (typeof roles)[number];

export const operations = [
  "read published",
  "read drafts",
  "read version history",
  "create",
  "edit own language (draft)",
  "edit another language",
  "write shared field",
  "publish",
  "unpublish",
  "schedule publish",
  "restore a version",
  "delete",
] as const;
export type Operation = (typeof operations)[number];

export const subjects = ["events", "organizations", "media", "users", "builds", "site-settings", "payload-jobs"] as const;
export type Subject = (typeof subjects)[number];

const everyone: Role[] = ["anonymous", "translator", "editor", "admin"];
const staff: Role[] = ["translator", "editor", "admin"];
const editors: Role[] = ["editor", "admin"];
const admins: Role[] = ["admin"];
const nobody: Role[] = [];

// Organisations and media have no drafts: a translator's saved text in their own language is live.
const contentWithoutDrafts: Partial<Record<Operation, Role[]>> = {
  "read published": everyone,
  create: editors,
  "edit own language (draft)": staff,
  "edit another language": editors,
  "write shared field": editors,
  delete: editors,
};

/** Roles allowed per operation; an operation left out does not exist for that subject. */
export const allowed: Record<Subject, Partial<Record<Operation, Role[]>>> = {
  events: {
    "read published": everyone,
    "read drafts": staff,
    "read version history": staff,
    create: editors,
    "edit own language (draft)": staff,
    "edit another language": editors,
    "write shared field": editors,
    publish: editors,
    unpublish: editors,
    // REST and GraphQL cannot queue jobs at all (payload-jobs below); this is the admin's Schedule drawer.
    "schedule publish": editors,
    "restore a version": editors,
    delete: editors,
  },
  organizations: contentWithoutDrafts,
  media: contentWithoutDrafts,
  // Another person's account; everyone signed in reads and edits their own (not their role).
  users: {
    "read published": admins,
    create: admins,
    "write shared field": admins,
    delete: admins,
  },
  // Written only by the build service's signed report (POST /api/builds).
  builds: {
    "read published": staff,
    create: nobody,
    "write shared field": nobody,
    delete: admins,
  },
  "site-settings": {
    "read published": everyone,
    "read drafts": staff,
    "read version history": staff,
    "edit own language (draft)": staff,
    "edit another language": editors,
    "write shared field": editors,
    publish: editors,
    // Settings are on every page: there is no unpublished state to fall back to.
    unpublish: nobody,
    "restore a version": editors,
  },
  // Payload's jobs queue (scheduled publishing, build notices): never written or read over the API.
  "payload-jobs": {
    "read published": nobody,
    create: nobody,
    "write shared field": nobody,
    delete: nobody,
  },
};

export function isAllowed(subject: Subject, operation: Operation, role: Role): boolean | undefined {
  return allowed[subject][operation]?.includes(role);
}

/** The table as markdown: one row per subject and operation, one column per role. */
export function accessMatrixMarkdown(): string {
  const lines = [`| subject | operation | ${roles.join(" | ")} |`, `| --- | --- | ${roles.map(() => ":-:").join(" | ")} |`];
  for (const subject of subjects) {
    for (const operation of operations) {
      const who = allowed[subject][operation];
      if (!who) continue;
      lines.push(`| ${subject} | ${operation} | ${roles.map((role) => (who.includes(role) ? "yes" : "—")).join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

/** Custom endpoints and who may call them (a caller without a valid signature where one is needed is refused). */
export const endpoints = [
  { endpoint: "POST /api/events/:id/duplicate-edition", allowed: editors },
  { endpoint: "GET /api/events/:id/preview", allowed: staff },
  { endpoint: "POST /api/builds (signed report)", allowed: nobody },
] as const;

export function endpointsMarkdown(): string {
  const lines = [`| endpoint | ${roles.join(" | ")} |`, `| --- | ${roles.map(() => ":-:").join(" | ")} |`];
  for (const row of endpoints)
    lines.push(
      `| \`${row.endpoint}\` | ${roles.map((role) => ((row.allowed as readonly Role[]).includes(role) ? "yes" : "—")).join(" | ")} |`,
    );
  return lines.join("\n");
}
