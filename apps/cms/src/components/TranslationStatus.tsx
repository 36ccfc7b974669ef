"use client";
import React from "react";
import { useField, useTranslation } from "@payloadcms/ui";
import type { DefaultCellComponentProps } from "payload";
import type { TranslationStatus } from "@cica/schema";
import { wordsFor } from "./words";

const words = {
  en: { complete: "complete", missing: (n: number) => `${n} missing`, heading: "Translation status", none: "Save to see the status." },
  ru: {
    complete: "готово",
    missing: (n: number) => `не хватает: ${n}`,
    heading: "Статус перевода",
    none: "Сохраните, чтобы увидеть статус.",
  },
  zh: { complete: "已完成", missing: (n: number) => `缺少 ${n} 项`, heading: "翻译状态", none: "保存后显示状态。" },
};

function useWords() {
  const { i18n } = useTranslation();
  return wordsFor(words, i18n.language);
}

function Badges({ status }: { status: TranslationStatus }) {
  const w = useWords();
  return (
    <span className="translation-status">
      {Object.entries(status).map(([locale, s]) => (
        <span
          key={locale}
          className={`translation-status__badge translation-status__badge--${s.complete ? "complete" : "missing"}`}
          title={s.missing.join(", ")}
        >
          {locale}: {s.complete ? w.complete : w.missing(s.missing.length)}
        </span>
      ))}
    </span>
  );
}

export function TranslationStatusCell({ cellData }: DefaultCellComponentProps) {
  if (!cellData || typeof cellData !== "object") return null;
  // Cast: a cell gets the column's stored value untyped; this column is translationStatus, computed on read (hooks/computeOnRead.ts).
  return <Badges status={cellData as TranslationStatus} />;
}

export function TranslationStatusField({ path }: { path: string }) {
  const { value } = useField<TranslationStatus>({ path });
  const w = useWords();
  return (
    <div className="field-type translation-status-field">
      <label className="field-label">{w.heading}</label>
      {value && typeof value === "object" ? (
        <>
          <Badges status={value} />
          {Object.entries(value)
            .filter(([, s]) => !s.complete)
            .map(([locale, s]) => (
              <ul key={locale} aria-label={locale}>
                {s.missing.map((name) => (
                  <li key={name}>
                    {locale}: {name}
                  </li>
                ))}
              </ul>
            ))}
        </>
      ) : (
        <p>{w.none}</p>
      )}
    </div>
  );
}
