import { otherMethods } from "@/lib/chat/api-route";
import { blockingProblems } from "@/lib/config";
import { serverConfig } from "@/lib/config/server";

export const dynamic = "force-dynamic";

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET", "HEAD", "OPTIONS"]);

export function GET(): Response {
  const config = serverConfig();
  const configured = blockingProblems(config).length === 0;
  return Response.json(
    {
      status: "ok",
      mode: config.mode,
      apiVersion: config.apiVersion,
      configured,
      ...(config.missing.length > 0 ? { missing: config.missing } : {}),
      ...(config.problems.length > 0 ? { problems: config.problems.map((problem) => problem.message) } : {}),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
