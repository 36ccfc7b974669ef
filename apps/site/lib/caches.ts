import type { Event } from "@cica/schema";
import type { Content } from "./content.js";
import { Memo } from "./memo.js";
import { SpareCopies } from "./spares.js";
import { StateStore } from "./state.js";
import type { EventModelCaches, EventModels } from "./view/event.js";

// What one build service keeps from one build to the next: memoised QR codes,
// calendar blocks and event page models (memo.ts), the spare copy of the last
// build's folder, and the last build's state. Each build gets these in its
// context (data.ts) instead of reaching for module-level singletons, so two
// services — or two tests — in one process never share them.

export class SiteCaches {
  /** QR SVGs by page address. */
  readonly qr = new Memo<string>();
  /** Folded VEVENT blocks by the event's calendar fields. */
  readonly vevents = new Memo<string>();
  /** Event page models by event content and context (not persisted: rebuilt in a few hundred ms after a restart). */
  readonly models = new Memo<EventModels>();
  /** The same, found by the event object itself: a partial build's content holds the previous build's objects. */
  readonly modelsByObject = new WeakMap<Event, { context: string; key: string; value: EventModels }>();
  /** Each build's listing pages' keys (partial.ts), found by the build's content: what the next partial build compares with. */
  readonly listingKeys = new WeakMap<Content, Map<string, string>>();
  readonly moments: EventModelCaches["moments"] = { pages: new WeakMap() };
  readonly spares = new SpareCopies();
  readonly states = new StateStore(this);

  /** Ends a build: what it used is what the next one can reuse. */
  nextGeneration(): void {
    this.qr.nextGeneration();
    this.vevents.nextGeneration();
    this.models.nextGeneration();
  }

  /** Resolves when what builds do after returning (state files, spare copies) is done: before deleting their folders. */
  async backgroundWork(): Promise<void> {
    await Promise.all([this.states.written(), this.spares.ready()]);
  }
}

/** The caches of builds whose caller keeps none of its own: one set per process, as a long-lived service wants. */
export const processCaches = new SiteCaches();
