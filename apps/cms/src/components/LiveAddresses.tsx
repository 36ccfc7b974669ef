"use client";
import React from "react";
import { useDocumentInfo, useFormFields, useTranslation } from "@payloadcms/ui";
import { wordsFor } from "./words";

// Where a published event is on the public site, in every language.

const words = {
  en: { heading: "On the public site", notYet: "Shown here once the event is published." },
  ru: { heading: "На публичном сайте", notYet: "Появится после публикации." },
  zh: { heading: "公共网站地址", notYet: "发布后显示。" },
};

export function LiveAddresses({ siteUrl, locales }: { siteUrl: string; locales: { code: string; label: string }[] }) {
  const { hasPublishedDoc } = useDocumentInfo();
  const stored = useFormFields(([fields]) => fields.slug?.initialValue);
  const slug = typeof stored === "string" ? stored : undefined;
  const { i18n } = useTranslation();
  const w = wordsFor(words, i18n.language);
  return (
    <div className="field-type" data-testid="live-addresses" style={{ marginBottom: "1.5rem" }}>
      <div className="field-label">{w.heading}</div>
      {hasPublishedDoc && slug ? (
        <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {locales.map(({ code, label }) => {
            const url = `${siteUrl}/${code}/events/${slug}/`;
            return (
              <li key={code} style={{ overflowWrap: "anywhere" }}>
                <span>{label}: </span>
                <a href={url} target="_blank" rel="noreferrer" hrefLang={code}>
                  {url}
                </a>
              </li>
            );
          })}
        </ul>
      ) : (
        <p style={{ margin: 0, color: "var(--theme-elevation-500)" }}>{w.notYet}</p>
      )}
    </div>
  );
}
