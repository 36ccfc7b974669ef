import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { securityHeaders } from "./lib/securityHeaders";

// Next 16's request proxy (formerly middleware): adds the security headers to every response.
export function proxy(request: NextRequest): NextResponse {
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, env.cmsUrl))) response.headers.set(name, value);
  return response;
}
