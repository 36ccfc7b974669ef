import { withPayload } from "@payloadcms/next/withPayload";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The CMS has no public pages of its own: the root goes to the admin.
  async redirects() {
    return [{ source: "/", destination: "/admin", permanent: false }];
  },
  // The workspace packages are compiled ESM; Next must not look for a second React.
  transpilePackages: [],
  poweredByHeader: false,
};

export default withPayload(nextConfig, { devBundleServerPackages: false });
