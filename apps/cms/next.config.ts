import { withPayload } from "@payloadcms/next/withPayload";
import type { NextConfig } from "next";
import { limits } from "@cica/schema";

const nextConfig: NextConfig = {
  // The CMS has no public pages of its own: the root goes to the admin.
  async redirects() {
    return [{ source: "/", destination: "/admin", permanent: false }];
  },
  // @cica/schema is compiled ESM; @cica/fixtures (the seed's sample content) is TypeScript source.
  transpilePackages: ["@cica/fixtures"],
  poweredByHeader: false,
  experimental: {
    // src/proxy.ts (the security headers) runs before every route, and Next buffers at most this
    // much of a request body for it, cutting the rest: an upload between Next's default 10 MB and
    // the CMS's own limit then failed as "Unexpected end of form" (500). A little above the upload
    // limit, so that Payload's own check answers 413 for anything larger.
    proxyClientMaxBodySize: limits.uploadBytes + 1024 * 1024,
  },
};

export default withPayload(nextConfig, { devBundleServerPackages: false });
