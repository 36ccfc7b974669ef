// What the build service relies on from @cica/site, declared here while apps/site is JavaScript
// whose JSDoc types are looser than its behaviour. DELETE this file once @cica/site exports its own
// TypeScript (issue 11, the site's conversion): its real types then take over.

declare module "@cica/site" {
  import type { BuildTrigger } from "@cica/schema";

  export function buildSite(options: {
    outputDir: string;
    /** content given directly (tests), instead of the CMS */
    snapshot?: object;
    mediaDir?: string;
    now?: Date;
    cmsUrl?: string;
    siteUrl?: string;
    triggers?: BuildTrigger[];
    previousDir?: string;
    previousStateFile?: string;
    stateFile?: string;
  }): Promise<{
    ok: boolean;
    mode: "full" | "partial";
    reason?: string;
    pagesWritten: number;
    errors: string[];
    changesAt: string[];
    timings?: Record<string, number>;
    htmlChanges?: { written: string[]; removed: string[] };
  }>;
  /** Resolves when what the last build does after returning (state file, spare copy) is done. */
  export function backgroundWork(): Promise<void>;
  /** Resolves when the last build's state file is written. */
  export function stateWritten(): Promise<void>;
  export function createPreviewRenderer(options: {
    liveStateFile: () => Promise<string | undefined>;
    cmsUrl?: string;
    siteUrl?: string;
  }): (input: { event: unknown; locale: unknown }) => Promise<
    { ok: true; html: string } | { ok: false; errors: string[]; field?: string; unavailable?: boolean }
  >;
  export function changeInstants(
    content: { events?: { startsAt?: string | null; endsAt?: string | null }[]; settings?: { banner?: { enabled?: boolean | null; expiresAt?: string | null } | null } | null },
    now?: Date,
  ): string[];
}

declare module "@cica/site/testing" {
  import type { Browser } from "playwright-core";

  /** The site's sample content: { events, organizations, media, settings } as the CMS REST returns them. */
  export function sampleSnapshot(): {
    events: ({ id: string; slug: string; _status?: string; title: Record<string, string>; summary?: unknown; hosts?: string[] } & Record<string, unknown>)[];
    organizations: ({ id: string; name: Record<string, string> } & Record<string, unknown>)[];
    settings: { siteName: Record<string, string> } & Record<string, unknown>;
    media: unknown[];
  };
  export function fakeCms(snapshot: object, options?: { mediaDir?: string; delayMs?: number }): Promise<{ url: string; requests: string[]; close: () => Promise<void> }>;
  export const MEDIA_DIR: string;
  /** "today" for the sample content, so which events are forthcoming never changes */
  export const SAMPLE_NOW: Date;
  export const CHROMIUM_PATH: string;
  export function launchBrowser(): Promise<Browser>;
}
