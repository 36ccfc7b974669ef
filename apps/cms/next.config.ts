import { withPayload } from "@payloadcms/next/withPayload";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The CMS has no public pages of its own: the root goes to the admin.
  async redirects() {
    return [{ source: "/", destination: "/admin", permanent: false }];
  },
  // @cica/schema is compiled ESM; @cica/fixtures (the seed's sample content) is TypeScript source.
  transpilePackages: ["@cica/fixtures"],
  poweredByHeader: false,
};

export default withPayload(nextConfig, { devBundleServerPackages: false });
