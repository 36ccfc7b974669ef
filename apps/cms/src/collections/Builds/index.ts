import type { CollectionConfig } from "payload";
import { isAdmin, staff } from "../../access/predicates";
import { receiveBuildReport } from "./receiveReport";

const L = (en: string, ru: string, zh: string) => ({ en, ru, zh });
const nobody = () => false;

/**
 * What the build service reports about each build of the public site
 * (apps/builder/src/reporter.ts). Written only by its signed report through
 * POST /api/builds (receiveReport.ts); staff read it, nobody edits it.
 */
export const Builds: CollectionConfig<"builds"> = {
  slug: "builds",
  labels: { singular: L("Site build", "Сборка сайта", "网站构建"), plural: L("Site builds", "Сборки сайта", "网站构建") },
  admin: {
    useAsTitle: "buildId",
    defaultColumns: ["startedAt", "status", "kind", "durationMs", "pagesWritten", "errorLines"],
    group: L("Administration", "Администрирование", "管理"),
    description: L(
      "Each rebuild of the public site after a change, newest first. Reported by the build service.",
      "Каждая пересборка публичного сайта после изменения, новые сверху. Сообщает служба сборки.",
      "每次内容变更后公共网站的重建记录，最新的在前。由构建服务报告。",
    ),
  },
  defaultSort: "-startedAt",
  access: { read: staff, create: nobody, update: nobody, delete: isAdmin },
  endpoints: [receiveBuildReport],
  fields: [
    { name: "buildId", type: "text", required: true, unique: true, index: true, label: L("Build", "Сборка", "构建") },
    {
      name: "kind",
      type: "select",
      options: [
        { value: "build", label: L("Build", "Сборка", "构建") },
        { value: "rollback", label: L("Rollback", "Откат", "回滚") },
      ],
      label: L("Kind", "Тип", "类型"),
    },
    {
      name: "status",
      type: "select",
      index: true,
      options: [
        { value: "running", label: L("Building", "Идёт сборка", "构建中") },
        { value: "success", label: L("Live", "Опубликовано", "已上线") },
        { value: "failed", label: L("Failed", "Ошибка", "失败") },
      ],
      label: L("Status", "Статус", "状态"),
    },
    { name: "live", type: "checkbox", label: L("Served now", "На сайте", "当前在线") },
    {
      name: "startedAt",
      type: "date",
      index: true,
      label: L("Started", "Начало", "开始"),
      admin: { date: { pickerAppearance: "dayAndTime", displayFormat: "d MMM yyyy HH:mm:ss" } },
    },
    {
      name: "finishedAt",
      type: "date",
      label: L("Finished", "Окончание", "结束"),
      admin: { date: { pickerAppearance: "dayAndTime", displayFormat: "d MMM yyyy HH:mm:ss" } },
    },
    { name: "durationMs", type: "number", label: L("Duration (ms)", "Длительность (мс)", "耗时（毫秒）") },
    { name: "pagesWritten", type: "number", label: L("Pages written", "Страниц записано", "写入页面数") },
    { name: "notices", type: "number", label: L("Changes covered", "Изменений", "涵盖的变更") },
    { name: "errorLines", type: "json", label: L("Error lines", "Ошибки", "错误信息") },
    // Documents a successful build left out (issue 9, isolation); the live build's list is every failure still open.
    { name: "failures", type: "json", label: L("Published, not live", "Опубликовано, но не на сайте", "已发布但未上线") },
    { name: "triggers", type: "json", label: L("Triggered by", "Причина", "触发原因") },
    { name: "siteUrl", type: "text", label: L("Site address", "Адрес сайта", "网站地址") },
  ],
};
