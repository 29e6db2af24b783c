import { describe, expect, it } from "vitest";
import { SearchResultCache } from "../../../src/modules/course/search-result-cache.js";

function clock() {
  let now = 0;
  return { now: () => now, advance: (milliseconds: number) => void (now += milliseconds) };
}

/** A loader that counts its calls and answers with the call number. */
function counting() {
  let calls = 0;
  return { load: async () => (calls += 1), calls: () => calls };
}

describe("SearchResultCache", () => {
  it("answers a key from the cache until its time is up, then loads it again", async () => {
    const time = clock();
    const cache = new SearchResultCache<number>(1_000, 10, time.now);
    const loader = counting();
    expect(await cache.get("robotics", loader.load)).toBe(1);
    time.advance(999);
    expect(await cache.get("robotics", loader.load)).toBe(1);
    time.advance(1);
    expect(await cache.get("robotics", loader.load)).toBe(2);
  });

  it("loads every key after clear, as after a catalog change", async () => {
    const cache = new SearchResultCache<number>(1_000, 10, clock().now);
    const loader = counting();
    await cache.get("robotics", loader.load);
    cache.clear();
    expect(await cache.get("robotics", loader.load)).toBe(2);
  });

  it("shares one load between concurrent requests for a key", async () => {
    const cache = new SearchResultCache<number>(1_000, 10, clock().now);
    const loader = counting();
    expect(await Promise.all([cache.get("云计算", loader.load), cache.get("云计算", loader.load)])).toEqual([1, 1]);
    expect(loader.calls()).toBe(1);
  });

  it("keeps no failed load: the next request tries again", async () => {
    const cache = new SearchResultCache<number>(1_000, 10, clock().now);
    await expect(cache.get("nursing", () => Promise.reject(new Error("connection lost")))).rejects.toThrow("connection lost");
    expect(await cache.get("nursing", async () => 7)).toBe(7);
  });

  it("holds at most maxEntries keys, dropping the one stored longest ago", async () => {
    const cache = new SearchResultCache<string>(1_000, 2, clock().now);
    for (const key of ["a", "b", "c"]) await cache.get(key, async () => `${key}1`);
    expect(await cache.get("a", async () => "a2")).toBe("a2");
    expect(await cache.get("c", async () => "c2")).toBe("c1");
  });
});
