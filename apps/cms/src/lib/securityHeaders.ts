// Response headers of the CMS (admin pages and API), set at run time by src/proxy.ts because HSTS
// depends on CMS_URL, which next.config's headers() would freeze at build time.

/**
 * The Payload admin's policy. Scripts and styles need 'unsafe-inline': Next's App Router streams its
 * payload in inline <script> tags and Payload's admin sets inline styles; a nonce would make every
 * admin page dynamic and Payload's own inline scripts carry none. Everything else is this origin.
 * Checked in Chromium by test/headers.test.ts (sign in, open an event, no CSP violation).
 */
const adminContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

export function securityHeaders(pathname: string, cmsUrl: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(cmsUrl.startsWith("https://") ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
    // API answers are JSON and files; the draft preview sets its own sandbox policy (Events/endpoints/preview.ts).
    ...(pathname.startsWith("/api/") ? {} : { "Content-Security-Policy": adminContentSecurityPolicy }),
  };
}
