import type { NextConfig } from "next";
import { API_SECURITY_HEADERS, COMMON_SECURITY_HEADERS } from "./lib/guard/security-headers";

const asList = (headers: Readonly<Record<string, string>>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: asList(COMMON_SECURITY_HEADERS) },
      { source: "/api/:path*", headers: asList(API_SECURITY_HEADERS) },
    ];
  },
};

export default nextConfig;
