// Browser: a task of its own after the next frame, so that work split in steps lets the page draw in between.

/**
 * Runs `callback` in a new task once the browser has drawn its next frame (the layout of what was just
 * committed included). A hidden page draws no frames: there it runs in the next task. Returns a cancel.
 */
export function afterNextFrame(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    timer = setTimeout(callback);
  };
  const frame = document.visibilityState === "visible" ? requestAnimationFrame(later) : (later(), undefined);
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
