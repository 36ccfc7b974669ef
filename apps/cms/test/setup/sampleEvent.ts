/** A complete event in the Local API's per-locale shape, English first. */
export function englishEvent(slug: string) {
  return {
    title: "CICA Expert Meeting on Water Security",
    slug,
    summary: "Experts of CICA Member States discuss transboundary water cooperation.",
    status: "scheduled",
    startsAt: "2031-03-10T04:00:00.000Z",
    startsAt_tz: "Asia/Almaty",
    endsAt: "2031-03-10T11:00:00.000Z",
    endsAt_tz: "Asia/Almaty",
    attendance: "in-person",
    venue: "CICA Headquarters",
    city: "Astana",
    country: "KZ",
    targetAudience: [{ text: "Water management agencies;" }, { text: "Research institutes." }],
    objectives: [{ text: "Share data on river basins." }],
    workingLanguages: ["en", "ru"],
    interpretation: "simultaneous",
    contacts: [{ name: "Ms. Aigerim Bekova", organization: "CICA Secretariat", phones: ["+7 7172 61 64 90"], emails: ["events@s-cica.org"] }],
    themes: ["environmental"],
  };
}

export const russian = {
  title: "Совещание экспертов СВМДА по водной безопасности",
  summary: "Эксперты государств — членов СВМДА обсуждают трансграничное водное сотрудничество.",
  venue: "Штаб-квартира СВМДА",
  city: "Астана",
};

export const chinese = {
  title: "亚信水安全专家会议",
  summary: "亚信成员国专家讨论跨境水资源合作。",
  venue: "亚信总部",
  city: "阿斯塔纳",
};
