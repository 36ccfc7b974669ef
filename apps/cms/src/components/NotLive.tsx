"use client";
import React from "react";
import { useField, useTranslation } from "@payloadcms/ui";
import type { DefaultCellComponentProps } from "payload";
import { wordsFor } from "./words";

// "Published, not live: <reason>" (issue 9, isolation): the live build left
// this event out, keeping its last good pages or none. The value is computed
// on read from the live build's report (collections/Events/hooks/notLive.ts).

type NotLive = { reason: string; kept: boolean };

const words = {
  en: {
    notLive: (reason: string) => `Published, not live: ${reason}`,
    kept: "The site still shows the previously published version.",
    none: "The site does not show this event yet.",
  },
  ru: {
    notLive: (reason: string) => `Опубликовано, но не на сайте: ${reason}`,
    kept: "На сайте пока прежняя опубликованная версия.",
    none: "На сайте этого мероприятия пока нет.",
  },
  zh: {
    notLive: (reason: string) => `已发布但未上线：${reason}`,
    kept: "网站仍显示之前发布的版本。",
    none: "网站尚未显示此活动。",
  },
};

function useWords() {
  const { i18n } = useTranslation();
  return wordsFor(words, i18n.language);
}

function isNotLive(value: unknown): value is NotLive {
  return typeof value === "object" && value !== null && "reason" in value && typeof value.reason === "string";
}

export function NotLiveCell({ cellData }: DefaultCellComponentProps) {
  const w = useWords();
  if (!isNotLive(cellData)) return null;
  return (
    <span className="not-live" role="status" title={cellData.reason} style={{ color: "var(--theme-error-500)" }}>
      {w.notLive(cellData.reason)}
    </span>
  );
}

export function NotLiveField({ path }: { path: string }) {
  const { value } = useField<unknown>({ path });
  const w = useWords();
  if (!isNotLive(value)) return null;
  return (
    <div
      className="field-type not-live-field"
      role="status"
      data-testid="not-live"
      style={{ padding: "0.75rem", border: "1px solid var(--theme-error-500)", background: "var(--theme-error-50)", borderRadius: 4 }}
    >
      <strong>{w.notLive(value.reason)}</strong>
      <p style={{ margin: "0.5rem 0 0" }}>{value.kept ? w.kept : w.none}</p>
    </div>
  );
}
