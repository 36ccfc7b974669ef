"use client";
import React, { useEffect, useMemo, useState } from "react";
import {
  FieldDescription,
  FieldError,
  FieldLabel,
  ReactSelect,
  useAuth,
  useConfig,
  useDocumentInfo,
  useField,
  useFormFields,
  useTranslation,
} from "@payloadcms/ui";
import type { DateFieldClientProps } from "payload";
import { gmtOffsetLabel, placeWallClock, type Fold } from "@cica/schema/time";
import { wordsFor } from "./words";

// Date and time typed as the event's own wall-clock time, plus its zone.
// Payload's date picker converts through the browser's zone; here the inputs
// hold plain "2027-03-28" / "02:30" strings, the zone is explicit, and the
// server computes the stored instant (hooks/placeWallClocks.ts). The instant
// set below is only a preview so the form validates before saving.

type ZoneChoice = { value: string; label: Record<string, string>; search: string };

type Props = DateFieldClientProps & {
  zoneChoices: ZoneChoice[];
  countryZones: Record<string, string>;
  defaultZone: string;
  zoneFollows: string | null;
};

const words = {
  en: {
    date: "Date",
    time: "Time",
    zone: "Time zone",
    search: "Search by city, country or zone",
    gap: (next: string) => `This time does not exist there: the clocks skip it. The next valid time is ${next}.`,
    twice: "This time occurs twice there (the clocks go back). Which one?",
    earlier: "the first",
    later: "the second",
    offset: (label: string) => `${label} on that date`,
  },
  ru: {
    date: "Дата",
    time: "Время",
    zone: "Часовой пояс",
    search: "Поиск по городу, стране или поясу",
    gap: (next: string) => `Такого времени там нет: часы переводят вперёд. Ближайшее допустимое время — ${next}.`,
    twice: "Это время наступает там дважды (часы переводят назад). Какое имеется в виду?",
    earlier: "первое",
    later: "второе",
    offset: (label: string) => `${label} в этот день`,
  },
  zh: {
    date: "日期",
    time: "时间",
    zone: "时区",
    search: "按城市、国家或时区搜索",
    gap: (next: string) => `当地没有这个时间（时钟拨快跳过）。最近的有效时间是 ${next}。`,
    twice: "当地这个时间出现两次（时钟拨回）。请选择：",
    earlier: "第一次",
    later: "第二次",
    offset: (label: string) => `当天为 ${label}`,
  },
};

const lastZoneKey = (userId: unknown) => `cica.lastTimeZone.${String(userId ?? "anonymous")}`;

function splitWallClock(local: unknown): { date: string; time: string } {
  if (typeof local !== "string" || !local.includes("T")) return { date: "", time: "" };
  const [date = "", time = ""] = local.split("T");
  return { date, time: time.slice(0, 5) };
}

export function WallClockField({ path, field, zoneChoices, countryZones, defaultZone, zoneFollows }: Props) {
  const { i18n } = useTranslation();
  const w = wordsFor(words, i18n.language);
  const lang = i18n.language in words ? i18n.language : "en";
  const { user } = useAuth();
  const { id } = useDocumentInfo();
  const { config } = useConfig();

  const instant = useField<string | null>({ path });
  const zone = useField<string | null>({ path: `${path}_tz` });
  const local = useField<string | null>({ path: `${path}_local` });
  const fold = useField<string | null>({ path: `${path}_fold` });
  const followedZone = useFormFields(([fields]) => (zoneFollows ? fields[`${zoneFollows}_tz`]?.value : undefined));
  const country = useFormFields(([fields]) => fields.country?.value);

  const [parts, setParts] = useState(() => splitWallClock(local.value));
  const [siteZone, setSiteZone] = useState<string | null>(null);
  useEffect(() => {
    // The form value changes under us after a save or a reload: show what the server computed.
    const fromForm = splitWallClock(local.value);
    if (fromForm.date && (fromForm.date !== parts.date || fromForm.time !== parts.time)) setParts(fromForm);
    // parts is deliberately left out: typing must not be overwritten by the value it is about to produce.
  }, [local.value]);

  useEffect(() => {
    // A new event without a zone: the site's default zone is the last fallback (site settings).
    if (id || zoneFollows) return;
    const controller = new AbortController();
    fetch(`${config.serverURL}${config.routes.api}/globals/site-settings?depth=0`, { credentials: "include", signal: controller.signal })
      .then((res) => (res.ok ? res.json() : null))
      .then((settings: { defaultTimeZone?: string } | null) => setSiteZone(settings?.defaultTimeZone ?? null))
      .catch(() => setSiteZone(null));
    return () => controller.abort();
  }, [id, zoneFollows, config.serverURL, config.routes.api]);

  const lastUsed = typeof window === "undefined" ? null : window.localStorage.getItem(lastZoneKey(user?.id));
  const countryZone = typeof country === "string" ? countryZones[country] : undefined;
  const proposedZone = zoneFollows
    ? (typeof followedZone === "string" && followedZone) || defaultZone
    : lastUsed || countryZone || siteZone || defaultZone;
  const ownZone = typeof zone.value === "string" && zone.value ? zone.value : null;
  // An end follows the start's zone until the editor picks another one for it.
  const [picked, setPicked] = useState(false);
  const currentZone = zoneFollows && !picked ? proposedZone : (ownZone ?? proposedZone);

  const options = useMemo(
    () => zoneChoices.map((choice) => ({ value: choice.value, label: choice.label[lang] ?? choice.value, search: choice.search })),
    [zoneChoices, lang],
  );
  const selected = options.find((o) => o.value === currentZone) ?? { value: currentZone, label: currentZone, search: "" };

  const wallClock = parts.date && parts.time ? `${parts.date}T${parts.time}` : null;
  const placement = useMemo(() => {
    if (!wallClock) return null;
    try {
      return placeWallClock(wallClock, currentZone);
    } catch {
      return null;
    }
  }, [wallClock, currentZone]);
  const chosenFold: Fold = fold.value === "later" ? "later" : "earlier";

  /** Writes what the server reads (wall clock, zone, fold) and a preview instant. */
  function commit(next: { date: string; time: string }, nextZone: string, nextFold: Fold) {
    setParts(next);
    const text = next.date && next.time ? `${next.date}T${next.time}` : null;
    if (!text) {
      if (!next.date && !next.time) {
        local.setValue(null);
        instant.setValue(null);
      }
      return;
    }
    if (zone.value !== nextZone) zone.setValue(nextZone);
    local.setValue(text);
    let placed: ReturnType<typeof placeWallClock> | null = null;
    try {
      placed = placeWallClock(text, nextZone);
    } catch {
      placed = null;
    }
    fold.setValue(placed?.kind === "ambiguous" ? nextFold : null);
    if (placed?.kind === "unique") instant.setValue(placed.instant);
    if (placed?.kind === "ambiguous") instant.setValue(nextFold === "later" ? placed.later : placed.earlier);
  }

  useEffect(() => {
    if (wallClock && ownZone && ownZone !== currentZone) commit(parts, currentZone, chosenFold);
    // Only a change of the followed zone moves the end; commit and parts are current at that moment.
  }, [currentZone]);

  function chooseZone(value: string) {
    setPicked(true);
    if (!zoneFollows && typeof window !== "undefined") window.localStorage.setItem(lastZoneKey(user?.id), value);
    zone.setValue(value);
    if (wallClock) commit(parts, value, chosenFold);
  }

  const readOnly = Boolean(field.admin?.readOnly);
  const inputStyle: React.CSSProperties = { width: "auto", minWidth: "9rem" };
  return (
    <div className="field-type wall-clock" data-testid={`wall-clock-${path}`} style={{ marginBottom: "var(--spacing-field, 1.5rem)" }}>
      <FieldLabel label={field.label} path={path} required={field.required} />
      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem", alignItems: "flex-end" }}>
        <label style={{ display: "flex", flexDirection: "column" }}>
          <span className="field-label">{w.date}</span>
          <input
            className="wall-clock__date"
            id={`${path}-date`}
            type="date"
            value={parts.date}
            disabled={readOnly}
            style={inputStyle}
            onChange={(e) => commit({ ...parts, date: e.target.value }, currentZone, chosenFold)}
          />
        </label>
        <label style={{ display: "flex", flexDirection: "column" }}>
          <span className="field-label">{w.time}</span>
          <input
            className="wall-clock__time"
            id={`${path}-time`}
            type="time"
            step={60}
            value={parts.time}
            disabled={readOnly}
            style={inputStyle}
            onChange={(e) => commit({ ...parts, time: e.target.value }, currentZone, chosenFold)}
          />
        </label>
        <div style={{ flex: "1 1 20rem", minWidth: "16rem" }} data-testid={`${path}-zone`}>
          <span className="field-label">{w.zone}</span>
          <ReactSelect
            inputId={`${path}-zone-input`}
            isClearable={false}
            disabled={readOnly}
            options={options}
            value={selected}
            placeholder={w.search}
            filterOption={(option, input) => {
              // Cast: react-select hands back the option object given above, with its search text.
              const search = (option as unknown as { data: { search: string } }).data.search;
              return (
                input.trim() === "" ||
                input
                  .toLowerCase()
                  .split(/\s+/)
                  .every((word) => search.includes(word))
              );
            }}
            onChange={(option) => {
              const picked = Array.isArray(option) ? option[0] : option;
              if (picked && typeof picked.value === "string") chooseZone(picked.value);
            }}
          />
        </div>
      </div>
      {wallClock && placement?.kind !== "gap" ? (
        <p className="wall-clock__offset" style={{ margin: "0.25rem 0 0", color: "var(--theme-elevation-500)" }}>
          {w.offset(
            gmtOffsetLabel(
              placement?.kind === "ambiguous"
                ? chosenFold === "later"
                  ? placement.later
                  : placement.earlier
                : placement?.kind === "unique"
                  ? placement.instant
                  : new Date().toISOString(),
              currentZone,
            ),
          )}
        </p>
      ) : null}
      {placement?.kind === "gap" ? (
        <p role="alert" className="wall-clock__gap" style={{ margin: "0.25rem 0 0", color: "var(--theme-error-500)" }}>
          {w.gap(placement.nextValid.slice(11))}
        </p>
      ) : null}
      {placement?.kind === "ambiguous" ? (
        <label className="wall-clock__fold" style={{ display: "block", marginTop: "0.25rem" }}>
          <span>{w.twice} </span>
          <select
            id={`${path}-fold`}
            value={chosenFold}
            disabled={readOnly}
            onChange={(e) => commit(parts, currentZone, e.target.value === "later" ? "later" : "earlier")}
          >
            <option value="earlier">{`${w.earlier} (${gmtOffsetLabel(placement.earlier, currentZone)})`}</option>
            <option value="later">{`${w.later} (${gmtOffsetLabel(placement.later, currentZone)})`}</option>
          </select>
        </label>
      ) : null}
      <FieldError path={path} showError={instant.showError} message={instant.errorMessage} />
      <FieldDescription description={field.admin?.description} path={path} />
    </div>
  );
}
