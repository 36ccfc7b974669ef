"use client";
import React, { useEffect, useState } from "react";
import { useConfig, useTranslation } from "@payloadcms/ui";
import { wordsFor } from "./words";

// The latest build of the public site, for editors: on the dashboard and above
// the Events list. Polls the builds collection (staff may read it), so
// "Building…" turns into "Site updated" without a reload.

type Build = {
  id: string;
  status: "running" | "success" | "failed";
  startedAt?: string;
  finishedAt?: string | null;
  pagesWritten?: number | null;
  durationMs?: number | null;
  errorLines?: string[] | null;
  failures?: Failure[] | null;
  siteUrl?: string | null;
};

/** A document the live build left out (collections/Builds: failures), open until a build of it succeeds. */
type Failure = { collection: string; id: string; label?: string | null; errors: string[]; kept: boolean };

const words = {
  en: {
    building: "Updating the public site…",
    updated: (ago: string, pages: string) => `Site updated ${ago}${pages}`,
    pages: (n: number) => ` — ${n} pages`,
    failed: (ago: string) => `Last build failed ${ago}; the site still shows the previous version:`,
    none: "The public site has not been built yet.",
    open: "Open the site",
    notLive: (n: number) => (n === 1 ? "1 published item is not live:" : `${n} published items are not live:`),
    kept: "its previous version stays",
    ago: (s: number) =>
      s < 60
        ? `${s} s ago`
        : s < 3600
          ? `${Math.round(s / 60)} min ago`
          : s < 86400
            ? `${Math.round(s / 3600)} h ago`
            : `${Math.round(s / 86400)} days ago`,
  },
  ru: {
    building: "Публичный сайт обновляется…",
    updated: (ago: string, pages: string) => `Сайт обновлён ${ago}${pages}`,
    pages: (n: number) => ` — страниц: ${n}`,
    failed: (ago: string) => `Последняя сборка ${ago} не удалась; на сайте прежняя версия:`,
    none: "Публичный сайт ещё не собирался.",
    open: "Открыть сайт",
    notLive: (n: number) => `Опубликовано, но не на сайте (${n}):`,
    kept: "на сайте прежняя версия",
    ago: (s: number) =>
      s < 60
        ? `${s} с назад`
        : s < 3600
          ? `${Math.round(s / 60)} мин назад`
          : s < 86400
            ? `${Math.round(s / 3600)} ч назад`
            : `${Math.round(s / 86400)} дн. назад`,
  },
  zh: {
    building: "正在更新公共网站…",
    updated: (ago: string, pages: string) => `网站已于${ago}更新${pages}`,
    pages: (n: number) => `，共 ${n} 个页面`,
    failed: (ago: string) => `最近一次构建（${ago}）失败；网站仍显示之前的版本：`,
    none: "公共网站尚未构建。",
    open: "打开网站",
    notLive: (n: number) => `已发布但未上线（${n}）：`,
    kept: "网站保留之前的版本",
    ago: (s: number) =>
      s < 60
        ? `${s} 秒前`
        : s < 3600
          ? `${Math.round(s / 60)} 分钟前`
          : s < 86400
            ? `${Math.round(s / 3600)} 小时前`
            : `${Math.round(s / 86400)} 天前`,
  },
};

const POLL_MS = 3000;

export function BuildStatus() {
  const { config } = useConfig();
  const { i18n } = useTranslation();
  const w = wordsFor(words, i18n.language);
  const [builds, setBuilds] = useState<Build[] | null>(null);
  const [live, setLive] = useState<Build | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let alive = true;
    const api = `${config.serverURL ?? ""}${config.routes.api}/builds`;
    const url = `${api}?sort=-startedAt&limit=5&depth=0`;
    // The live build may be older than the last five; its failures are the ones still open.
    const liveUrl = `${api}?where[live][equals]=true&sort=-startedAt&limit=1&depth=0`;
    const load = async () => {
      try {
        const [res, liveRes] = await Promise.all([fetch(url, { credentials: "include" }), fetch(liveUrl, { credentials: "include" })]);
        // Casts: the CMS's own REST answers for the builds collection, read with depth 0.
        if (res.ok && alive) setBuilds(((await res.json()) as { docs: Build[] }).docs);
        if (liveRes.ok && alive) setLive(((await liveRes.json()) as { docs: Build[] }).docs[0] ?? null);
      } catch {
        // the next poll tries again
      }
      if (alive) setNow(Date.now());
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [config.serverURL, config.routes.api]);

  if (!builds) return null;
  const latest = builds[0];
  const finished = builds.find((b) => b.status !== "running");
  const ago = (iso?: string | null) => w.ago(Math.max(0, Math.round((now - Date.parse(iso ?? "")) / 1000)) || 0);
  const siteUrl = (finished ?? latest)?.siteUrl;

  const box: React.CSSProperties = {
    padding: "0.75rem 1rem",
    marginBottom: "1.5rem",
    borderRadius: 4,
    border: "1px solid var(--theme-elevation-150)",
    background: "var(--theme-elevation-50)",
  };
  let content: React.ReactNode;
  if (!latest) content = w.none;
  else if (finished?.status === "failed") {
    content = (
      <>
        <strong>{w.failed(ago(finished.finishedAt ?? finished.startedAt))}</strong>
        <ul style={{ margin: "0.5rem 0 0", paddingLeft: "1.25rem", fontFamily: "var(--font-mono, monospace)", fontSize: "0.85em" }}>
          {(finished.errorLines ?? []).slice(0, 8).map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </>
    );
    box.borderColor = "var(--theme-error-500)";
    box.background = "var(--theme-error-50)";
  } else if (finished) {
    content = w.updated(ago(finished.finishedAt ?? finished.startedAt), finished.pagesWritten ? w.pages(finished.pagesWritten) : "");
  }
  return (
    <div role="status" aria-live="polite" data-testid="build-status" style={box}>
      {latest?.status === "running" ? <div>{w.building}</div> : null}
      {content ? <div>{content}</div> : null}
      {live?.failures?.length ? (
        <div data-testid="not-live-list" style={{ marginTop: "0.5rem", color: "var(--theme-error-500)" }}>
          <strong>{w.notLive(live.failures.length)}</strong>
          <ul style={{ margin: "0.25rem 0 0", paddingLeft: "1.25rem", fontSize: "0.85em" }}>
            {live.failures.slice(0, 8).map((f) => (
              <li key={`${f.collection}/${f.id}`}>
                {f.collection}/{f.label ?? f.id}: {f.errors.join("; ")}
                {f.kept ? ` (${w.kept})` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {siteUrl ? (
        <div style={{ marginTop: "0.25rem" }}>
          <a href={siteUrl} target="_blank" rel="noreferrer">
            {w.open}
          </a>
        </div>
      ) : null}
    </div>
  );
}
