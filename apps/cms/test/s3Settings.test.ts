import { describe, expect, it } from "vitest";
import { s3Settings } from "../src/lib/env";
import { refusedConfig } from "../src/lib/startupConfig";

// Media on S3 only when S3_BUCKET is set; settings that would lose uploads refuse the start, naming the variable.

/** Node's type of the environment requires NODE_ENV; these are partial environments on purpose. */
const settings = (source: Record<string, string>) => s3Settings(source as NodeJS.ProcessEnv);
const dev = { NODE_ENV: "development", CMS_URL: "http://localhost:3000", SITE_URL: "http://localhost:8080" };

describe("S3 settings of media", () => {
  it("keeps media on the local folder without S3_BUCKET", () => {
    expect(settings({ S3_ENDPOINT: "http://127.0.0.1:8333" })).toBeUndefined();
  });

  it("addresses buckets as paths on a custom endpoint unless told otherwise", () => {
    expect(settings({ S3_BUCKET: "media", S3_ENDPOINT: "http://127.0.0.1:8333" })).toEqual({
      bucket: "media",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:8333",
      forcePathStyle: true,
    });
    expect(settings({ S3_BUCKET: "media", S3_REGION: "eu-central-1", S3_FORCE_PATH_STYLE: "false" })).toEqual({
      bucket: "media",
      region: "eu-central-1",
      forcePathStyle: false,
    });
  });

  it("refuses half-set keys and unreadable values, in a local start too", () => {
    const bad = { ...dev, S3_BUCKET: "media", S3_ACCESS_KEY_ID: "key", S3_FORCE_PATH_STYLE: "yes", S3_ENDPOINT: "127.0.0.1:8333" };
    const problems = refusedConfig(bad).join("\n");
    expect(problems).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/);
    expect(problems).toMatch(/S3_FORCE_PATH_STYLE must be "true" or "false", not "yes"/);
    expect(problems).toMatch(/S3_ENDPOINT must be an http\(s\) address/);
    expect(() => settings(bad)).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(refusedConfig({ ...dev, S3_BUCKET: "media" })).toEqual([]);
  });
});
