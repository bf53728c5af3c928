"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

/** How close to the bottom still counts as "at the latest message". */
const NEAR_BOTTOM_PX = 48;

/**
 * Keeps a scrolling container at its bottom while its content grows, until
 * the visitor scrolls up; scrolling back down (or `jumpToLatest`) resumes.
 * Content only grows while following, so any scroll upwards is the visitor's.
 */
export function useFollowScroll(container: RefObject<HTMLElement | null>, content: RefObject<HTMLElement | null>) {
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const lastTop = useRef(0);

  const follow = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowing(value);
  }, []);

  const jumpToLatest = () => {
    const element = container.current;
    element?.scrollTo({ top: element.scrollHeight });
    follow(true);
  };

  useEffect(() => {
    const element = container.current;
    const inner = content.current;
    if (!element || !inner) return;
    const onScroll = () => {
      const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
      if (distance <= NEAR_BOTTOM_PX) {
        if (!followingRef.current) follow(true);
      } else if (element.scrollTop < lastTop.current - 1 && followingRef.current) {
        follow(false);
      }
      lastTop.current = element.scrollTop;
    };
    const onGrow = () => {
      if (followingRef.current) element.scrollTo({ top: element.scrollHeight });
    };
    const observer = new ResizeObserver(onGrow);
    observer.observe(inner);
    element.addEventListener("scroll", onScroll, { passive: true });
    onGrow();
    return () => {
      observer.disconnect();
      element.removeEventListener("scroll", onScroll);
    };
  }, [container, content, follow]);

  return { following, jumpToLatest };
}
