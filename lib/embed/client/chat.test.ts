// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installChat, MESSAGE, type EmbedConfig } from "./chat.ts";

const APP = "https://chat.example";
const CONFIG: EmbedConfig = {
  allowed: true,
  text: { open: "Open chat", close: "Close chat", title: "Chat with us" },
  accentColor: "#123456",
  accentTextColor: "#ffffff",
  initial: "A",
};

let answer: Partial<EmbedConfig>;
const fetchMock = vi.fn(async () => Response.json({ ...CONFIG, ...answer }));

function embed(dataset: Record<string, string> = {}) {
  const script = document.createElement("script");
  script.src = `${APP}/embed.js`;
  Object.assign(script.dataset, dataset);
  return installChat(script);
}

/** The chat's frame, opened, with a window of its own standing in for the page happy-dom does not load. */
function openFrame(launcher: HTMLButtonElement, root: ShadowRoot) {
  launcher.click();
  const frameWindow = { postMessage: vi.fn() };
  Object.defineProperty(root.querySelector("chat-frame")!, "contentWindow", { value: frameWindow });
  return frameWindow;
}

/** The launcher once /api/embed has answered and the chat is drawn. */
async function shown() {
  await vi.waitFor(() => expect(document.querySelector("[data-chatbase-chat]")).not.toBeNull());
  const root = document.querySelector("[data-chatbase-chat]")!.shadowRoot!;
  return {
    root,
    launcher: root.querySelector<HTMLButtonElement>(".launcher")!,
    panel: root.querySelector<HTMLDivElement>(".panel")!,
    frame: () => root.querySelector<HTMLIFrameElement>("chat-frame"),
  };
}

function message(data: unknown, origin: string, source: unknown) {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source: source as Window }));
}

beforeEach(() => {
  answer = {};
  vi.stubGlobal("fetch", fetchMock);
  // happy-dom loads no frames and reports each one as an error: a plain element stands in for the chat's iframe.
  const createElement = document.createElement.bind(document);
  vi.spyOn(document, "createElement").mockImplementation((tag: string) => createElement(tag === "iframe" ? "chat-frame" : tag));
});

afterEach(() => {
  document.body.innerHTML = "";
  delete window.ChatbaseChat;
  fetchMock.mockClear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("embed.js", () => {
  it("asks only the app's /api/embed, without cookies, and draws a closed launcher in the accent colour", async () => {
    embed();
    const { launcher, panel, frame } = await shown();
    expect(fetchMock).toHaveBeenCalledExactlyOnceWith(`${APP}/api/embed`, { credentials: "omit" });
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(launcher.getAttribute("aria-label")).toBe("Open chat");
    expect(panel.hidden).toBe(true);
    expect(frame()).toBeNull();
    expect(document.querySelector<HTMLElement>("[data-chatbase-chat]")!.style.getPropertyValue("--accent")).toBe("#123456");
  });

  it("sits bottom right unless the tag asks for the left, and shows the tag's label", async () => {
    embed({ position: "left", label: "Help" });
    const { root, launcher } = await shown();
    expect(root.querySelector(".left")).not.toBeNull();
    expect(launcher.querySelector(".label")!.textContent).toBe("Help");
    expect(launcher.getAttribute("aria-label")).toBe("Help");
  });

  it("puts the launcher on the right by default", async () => {
    embed();
    const { root } = await shown();
    expect(root.querySelector(".left")).toBeNull();
  });

  it("opens on a click, creating the frame for this site once, and closes on a second click", async () => {
    embed();
    const { launcher, panel, frame } = await shown();
    launcher.click();
    expect(panel.hidden).toBe(false);
    expect(launcher.getAttribute("aria-expanded")).toBe("true");
    expect(launcher.getAttribute("aria-label")).toBe("Close chat");
    expect(frame()!.src).toBe(`${APP}/embed?origin=${encodeURIComponent("https://shop.example")}`);
    expect(frame()!.title).toBe("Chat with us");
    const first = frame();
    launcher.click();
    expect(panel.hidden).toBe(true);
    launcher.click();
    expect(frame()).toBe(first);
  });

  it("closes on Escape and gives the focus back to the launcher", async () => {
    embed();
    const { launcher, panel } = await shown();
    launcher.click();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(panel.hidden).toBe(true);
    expect((launcher.getRootNode() as ShadowRoot).activeElement).toBe(launcher);
  });

  it("offers open, close and toggle on window.ChatbaseChat, keeping a wish made before the launcher appears", async () => {
    const api = embed()!;
    expect(window.ChatbaseChat).toBe(api);
    api.toggle();
    const { panel } = await shown();
    expect(panel.hidden).toBe(false);
    api.close();
    expect(panel.hidden).toBe(true);
    api.open();
    expect(panel.hidden).toBe(false);
    api.toggle();
    expect(panel.hidden).toBe(true);
  });

  it("opens at once with data-open, and installs only once per page", async () => {
    embed({ open: "true" });
    expect(embed()).toBeUndefined();
    const { panel } = await shown();
    expect(panel.hidden).toBe(false);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("obeys close messages only from its own frame at the app's origin", async () => {
    embed();
    const { root, launcher, panel } = await shown();
    const frameWindow = openFrame(launcher, root);
    const close = { type: MESSAGE.close };
    message(close, "https://evil.example", frameWindow);
    message(close, APP, window);
    message(close, APP, null);
    expect(panel.hidden).toBe(false);
    message(close, APP, frameWindow);
    expect(panel.hidden).toBe(true);
  });

  it("hands the focus to the chat once its frame says it is ready, addressed to the app's origin only", async () => {
    embed();
    const { root, launcher } = await shown();
    const frameWindow = openFrame(launcher, root);
    message({ type: MESSAGE.ready }, "https://evil.example", frameWindow);
    expect(frameWindow.postMessage).not.toHaveBeenCalled();
    message({ type: MESSAGE.ready }, APP, frameWindow);
    expect(frameWindow.postMessage.mock.calls.filter(([data]) => data.type === MESSAGE.focus)).toEqual([[{ type: MESSAGE.focus }, APP]]);
  });

  it("hands the frame the visitor's identity from data-user-id and data-user-hash, by message to the app's origin, never in the URL", async () => {
    embed({ userId: "u-42", userHash: "ab".repeat(32) });
    const { root, launcher, frame } = await shown();
    const frameWindow = openFrame(launcher, root);
    expect(String(frame()!.src)).toBe(`${APP}/embed?origin=${encodeURIComponent(location.origin)}`);
    expect(frameWindow.postMessage).not.toHaveBeenCalled();
    message({ type: MESSAGE.ready }, APP, frameWindow);
    expect(frameWindow.postMessage).toHaveBeenCalledWith({ type: MESSAGE.identify, identity: { userId: "u-42", userHash: "ab".repeat(32) } }, APP);
  });

  it("signs in and out with identify(), before and after the frame exists; no attributes is no identity", async () => {
    const api = embed()!;
    api.identify({ userId: "u-7", userHash: "cd".repeat(32) });
    const { root, launcher } = await shown();
    const frameWindow = openFrame(launcher, root);
    message({ type: MESSAGE.ready }, APP, frameWindow);
    expect(frameWindow.postMessage).toHaveBeenCalledWith({ type: MESSAGE.identify, identity: { userId: "u-7", userHash: "cd".repeat(32) } }, APP);
    api.identify(null);
    expect(frameWindow.postMessage).toHaveBeenLastCalledWith({ type: MESSAGE.identify, identity: null }, APP);
    api.identify({ userId: 42, userHash: null } as never);
    expect(frameWindow.postMessage).toHaveBeenLastCalledWith({ type: MESSAGE.identify, identity: null }, APP);
  });

  it("stays away, with a warning naming the setting, when the site is not allowed", async () => {
    answer = { allowed: false };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    embed();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledOnce());
    expect(warn.mock.calls[0][0]).toContain("EMBED_ORIGINS");
    expect(document.querySelector("[data-chatbase-chat]")).toBeNull();
  });
});
