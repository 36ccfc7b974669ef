// The parts of Eleventy 3's API this site uses: the package ships JavaScript
// with no declarations for its main entry.
declare module "@11ty/eleventy" {
  /** What a Nunjucks template compiled by Eleventy's engine offers (see lib/plugins/nunjucks-cache.ts). */
  export interface NunjucksTemplate {
    render(data: object, callback: (error: Error | null, result: string | null) => void): void;
  }
  export interface NunjucksEngine {
    nunjucks: { Template: new (source: string, environment: unknown, path: string, eagerCompile: boolean) => NunjucksTemplate };
    environment: unknown;
  }
  export interface AfterBuild {
    directories: { output: string };
    outputMode: "fs" | "json" | "ndjson";
  }
  export type RenderFunction = (data: object) => Promise<string>;
  export interface UserConfig {
    addGlobalData(name: string, data: unknown): void;
    addPlugin(plugin: (config: UserConfig) => void): void;
    addPassthroughCopy(paths: Record<string, string>): void;
    addTemplate(virtualPath: string, content: unknown, data?: object): void;
    addExtension(
      extension: string,
      options: {
        compileOptions?: { cache?: boolean; permalink?: (source: unknown, inputPath: string) => unknown };
        compile(this: { defaultRenderer: RenderFunction }, source: string, inputPath: string): RenderFunction;
      },
    ): void;
    /** `content` is what Eleventy writes to `outputPath` (false for a page with no file), after earlier transforms. */
    addTransform(name: string, transform: (content: string | Buffer, outputPath: string | false) => string | Buffer): void;
    setQuietMode(quiet: boolean): void;
    on(event: "eleventy.after", callback: (build: AfterBuild) => Promise<void> | void): void;
    on(event: "eleventy.engine.njk", callback: (engine: NunjucksEngine) => void): void;
  }
  export interface EleventyOptions {
    quietMode?: boolean;
    /** false: no configuration file, only `config`. */
    configPath?: string | false;
    config?: (config: UserConfig) => unknown;
  }
  export interface RenderedPage {
    url: string;
    inputPath: string;
    outputPath: string | false;
    content: string;
  }
  export default class Eleventy {
    constructor(input: string, output: string, options?: EleventyOptions);
    /** Templates written to disk, one list per kind (templates, passthrough copies). */
    write(): Promise<unknown[]>;
    /** Every page rendered to memory, nothing written. */
    toJSON(): Promise<RenderedPage[]>;
  }
}
