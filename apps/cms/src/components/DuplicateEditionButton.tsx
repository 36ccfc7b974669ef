"use client";
import React, { useState } from "react";
import { useRouter } from "next/navigation";
import { Button, toast, useConfig, useDocumentInfo, useTranslation } from "@payloadcms/ui";
import { wordsFor } from "./words";

const words = {
  en: {
    label: "Duplicate for a new edition",
    busy: "Copying…",
    done: "New edition created as a draft",
    help: "Copies texts, hosts and contacts in every language; dates, status and address are reset.",
  },
  ru: {
    label: "Копировать для нового мероприятия",
    busy: "Копирование…",
    done: "Новое мероприятие создано как черновик",
    help: "Копирует тексты, организаторов и контакты на всех языках; даты, статус и адрес сбрасываются.",
  },
  zh: {
    label: "复制为新一届活动",
    busy: "正在复制…",
    done: "已创建新一届活动草稿",
    help: "复制所有语言的文本、主办方和联系人；日期、状态和网址将重置。",
  },
};

export function DuplicateEditionButton() {
  const { id } = useDocumentInfo();
  const { config } = useConfig();
  const { i18n } = useTranslation();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const w = wordsFor(words, i18n.language);
  if (!id) return null;

  async function duplicate() {
    setBusy(true);
    try {
      const res = await fetch(`${config.serverURL}${config.routes.api}/events/${id}/duplicate-edition`, {
        method: "POST",
        credentials: "include",
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.errors?.[0]?.message ?? res.statusText);
      toast.success(w.done);
      router.push(`${config.routes.admin}/collections/events/${body.doc.id}`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field-type" style={{ marginBottom: "var(--base)" }}>
      <Button buttonStyle="secondary" size="small" disabled={busy} onClick={duplicate} tooltip={w.help}>
        {busy ? w.busy : w.label}
      </Button>
    </div>
  );
}
