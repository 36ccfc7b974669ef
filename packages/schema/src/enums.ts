import * as z from "zod";
import type { Translations } from "./locales.js";

function labelled<const K extends string>(labels: Record<K, Translations>) {
  const values = Object.keys(labels) as [K, ...K[]];
  return { schema: z.enum(values), values, labels };
}

const status = labelled({
  scheduled: { en: "Scheduled", ru: "Запланировано", zh: "按计划举行" },
  tentative: { en: "Tentatively scheduled", ru: "Предварительно запланировано", zh: "暂定" },
  postponed: { en: "Postponed", ru: "Перенесено", zh: "已延期" },
  rescheduled: { en: "Rescheduled", ru: "Перенесено на новую дату", zh: "已改期" },
  cancelled: { en: "Cancelled", ru: "Отменено", zh: "已取消" },
});
export const EventStatus = status.schema;
export type EventStatus = z.infer<typeof EventStatus>;
export const eventStatusLabels = status.labels;
/** Statuses for which the date the event was first announced for is kept. */
export const statusesWithPreviousStart: readonly EventStatus[] = ["postponed", "rescheduled"];

const attendance = labelled({
  online: { en: "Online", ru: "Онлайн", zh: "线上" },
  "in-person": { en: "In person", ru: "Очно", zh: "线下" },
  hybrid: { en: "Hybrid (in person and online)", ru: "Смешанный формат (очно и онлайн)", zh: "线上线下结合" },
});
export const Attendance = attendance.schema;
export type Attendance = z.infer<typeof Attendance>;
export const attendanceLabels = attendance.labels;

const interpretation = labelled({
  simultaneous: { en: "Simultaneous interpretation", ru: "Синхронный перевод", zh: "同声传译" },
  consecutive: { en: "Consecutive interpretation", ru: "Последовательный перевод", zh: "交替传译" },
  none: { en: "No interpretation", ru: "Без перевода", zh: "无口译" },
});
export const Interpretation = interpretation.schema;
export type Interpretation = z.infer<typeof Interpretation>;
export const interpretationLabels = interpretation.labels;

// CICA's areas of cooperation (its catalogue of confidence-building measures),
// used as the themes an event is filed under.
const theme = labelled({
  "military-political": { en: "Military-political dimension", ru: "Военно-политическое измерение", zh: "军事政治领域" },
  "new-challenges": { en: "New challenges and threats", ru: "Новые вызовы и угрозы", zh: "新挑战和新威胁" },
  economic: { en: "Economic dimension", ru: "Экономическое измерение", zh: "经济领域" },
  environmental: { en: "Environmental dimension", ru: "Экологическое измерение", zh: "生态领域" },
  "human-dimension": { en: "Human dimension", ru: "Гуманитарное измерение", zh: "人文领域" },
  energy: { en: "Energy security", ru: "Энергетическая безопасность", zh: "能源安全" },
  "green-development": { en: "Green and low-carbon development", ru: "Зелёное и низкоуглеродное развитие", zh: "绿色低碳发展" },
  transport: { en: "Transport corridors", ru: "Транспортные коридоры", zh: "交通走廊" },
  ict: { en: "Security of and in the use of ICTs", ru: "Безопасность в сфере ИКТ", zh: "信息通信技术安全" },
  smes: { en: "Small and medium enterprises", ru: "Малый и средний бизнес", zh: "中小企业" },
  tourism: { en: "Tourism", ru: "Туризм", zh: "旅游" },
  "counter-terrorism": { en: "Countering terrorism", ru: "Противодействие терроризму", zh: "反恐" },
  "drug-trafficking": {
    en: "Countering illicit drug trafficking",
    ru: "Противодействие незаконному обороту наркотиков",
    zh: "打击非法贩运毒品",
  },
  "public-health": { en: "Public health", ru: "Здравоохранение", zh: "公共卫生" },
  "culture-youth": { en: "Culture, education and youth", ru: "Культура, образование и молодёжь", zh: "文化、教育和青年" },
});
export const Theme = theme.schema;
export type Theme = z.infer<typeof Theme>;
export const themeLabels = theme.labels;
