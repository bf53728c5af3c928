import { expect } from "@playwright/test";
import type { ReceivedRequest } from "../../lib/chatbase/standin/server";
import { appUrl, STANDIN_URL, TEST_API_KEY, type AppName } from "./servers";

export function postChat(app: AppName, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${appUrl(app)}/api/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

export const ask = (content: string) => ({ messages: [{ role: "user", content }] });

/** Reads a streamed body piece by piece, noting when each piece arrived. */
export async function readChunks(response: Response): Promise<{ text: string; arrivals: number[]; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals: number[] = [];
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push(Date.now());
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, arrivals, error };
  }
  return { text: text + decoder.decode(), arrivals };
}

/** The JSON payloads of an SSE body. */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split("\n\n")
    .map((frame) => frame.split("\n").find((line) => line.startsWith("data: "))?.slice(6))
    .filter((data): data is string => data !== undefined && data !== "[DONE]")
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

export function uiText(events: Record<string, unknown>[]): string {
  return events.filter((e) => e.type === "text-delta").map((e) => e.delta as string).join("");
}

export async function standinRequests(marker: string): Promise<ReceivedRequest[]> {
  const all = (await (await fetch(`${STANDIN_URL}/__standin/requests`)).json()) as ReceivedRequest[];
  return all.filter((r) => JSON.stringify(r.body ?? "").includes(marker));
}

/** Waits until the stand-in saw the request carrying `marker` close. */
export async function standinClosed(marker: string, timeoutMs = 5_000): Promise<ReceivedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await standinRequests(marker)).find((r) => r.closedAt !== undefined);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the stand-in never saw ${marker} close`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Nothing the app sends may carry the Chatbase key. */
export function expectNoKey(response: Response, body: string) {
  expect(body).not.toContain(TEST_API_KEY);
  for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain(TEST_API_KEY);
}

export const unique = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
