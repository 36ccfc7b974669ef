import { wallClockToInstant } from "@cica/schema";

// Sample CICA events around today's date, so a fresh install shows forthcoming
// and past events, every form of attendance and every unusual status.

type L = { en: string; ru?: string; zh?: string };
export type SampleEvent = {
  slug: string;
  title: L;
  summary: L;
  bodyMarkdown?: L;
  status: "scheduled" | "tentative" | "postponed" | "rescheduled" | "cancelled";
  /** Days from today and the local wall-clock time where it is held. */
  day: number;
  time: string;
  durationHours?: number;
  previousDay?: number;
  timeZone: string;
  attendance: "online" | "in-person" | "hybrid";
  venue?: L;
  city?: L;
  country?: string;
  onlineUrl?: string;
  hostNames: string[];
  targetAudience: L[];
  objectives: L[];
  workingLanguages: string[];
  interpretation?: "simultaneous" | "consecutive" | "none";
  contacts: { name: L; organization?: L; phones: string[]; fax?: string; emails: string[] }[];
  registrationUrl?: string;
  registrationDeadlineDay?: number;
  themes: string[];
};

export const SECRETARIAT = "CICA Secretariat";
export const MFA_KZ = "Ministry of Foreign Affairs of the Republic of Kazakhstan";
export const MFA_AZ = "Ministry of Foreign Affairs of the Republic of Azerbaijan";
export const MOH_UZ = "Ministry of Health of the Republic of Uzbekistan";
export const TOURISM_KZ = "Ministry of Tourism and Sports of the Republic of Kazakhstan";
export const MDDI_KZ = "Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan";

export const sampleOrganizations = [
  {
    name: { en: SECRETARIAT, ru: "Секретариат СВМДА", zh: "亚信秘书处" },
    acronym: { en: "CICA", ru: "СВМДА", zh: "亚信" },
    country: "KZ",
    website: "https://www.s-cica.org/",
  },
  {
    name: { en: MFA_KZ, ru: "Министерство иностранных дел Республики Казахстан", zh: "哈萨克斯坦共和国外交部" },
    acronym: { en: "MFA of Kazakhstan", ru: "МИД РК", zh: "哈外交部" },
    country: "KZ",
    website: "https://www.gov.kz/memleket/entities/mfa",
  },
  {
    name: { en: MFA_AZ, ru: "Министерство иностранных дел Азербайджанской Республики", zh: "阿塞拜疆共和国外交部" },
    acronym: { en: "MFA of Azerbaijan", ru: "МИД АР", zh: "阿外交部" },
    country: "AZ",
    website: "https://mfa.gov.az/",
  },
  {
    name: { en: MOH_UZ, ru: "Министерство здравоохранения Республики Узбекистан", zh: "乌兹别克斯坦共和国卫生部" },
    acronym: { en: "MoH of Uzbekistan", ru: "Минздрав РУз", zh: "乌卫生部" },
    country: "UZ",
    website: "https://ssv.uz/",
  },
  {
    name: { en: TOURISM_KZ, ru: "Министерство туризма и спорта Республики Казахстан", zh: "哈萨克斯坦共和国旅游和体育部" },
    acronym: { en: "MTS of Kazakhstan", ru: "МТС РК", zh: "哈旅游体育部" },
    country: "KZ",
    website: "https://www.gov.kz/memleket/entities/tsm",
  },
  {
    name: {
      en: MDDI_KZ,
      ru: "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
      zh: "哈萨克斯坦共和国数字发展、创新和航空航天工业部",
    },
    acronym: { en: "MDDIAI", ru: "МЦРИАП РК", zh: "哈数字发展部" },
    country: "KZ",
    website: "https://www.gov.kz/memleket/entities/mdai",
  },
];

const secretariatContact = {
  name: { en: "Mr. Daniyar Sarsenbayev", ru: "г-н Данияр Сарсенбаев", zh: "达尼亚尔·萨尔森巴耶夫先生" },
  organization: { en: "CICA Secretariat", ru: "Секретариат СВМДА", zh: "亚信秘书处" },
  phones: ["+7 7172 61 64 90"],
  emails: ["events@s-cica.org"],
};

export const sampleEvents: SampleEvent[] = [
  {
    slug: "meeting-of-the-cica-special-working-group",
    title: {
      en: "Meeting of the CICA Special Working Group",
      ru: "Заседание Специальной рабочей группы СВМДА",
      zh: "亚信特别工作组会议",
    },
    summary: {
      en: "The Special Working Group of the CICA Member States reviews the implementation of confidence-building measures and prepares the Senior Officials Committee.",
      ru: "Специальная рабочая группа государств — членов СВМДА рассматривает ход реализации мер доверия и готовит заседание Комитета старших должностных лиц.",
      zh: "亚信成员国特别工作组审议信任措施落实情况，并筹备高官委员会会议。",
    },
    bodyMarkdown: {
      en: "The meeting is held at the **new CICA Headquarters** in Astana.\n\nDelegations are kindly requested to confirm their composition to the Secretariat.",
      ru: "Заседание проходит в **новой штаб-квартире СВМДА** в Астане.\n\nДелегациям предлагается подтвердить свой состав в Секретариате.",
      zh: "会议在阿斯塔纳**亚信新总部**举行。\n\n请各代表团向秘书处确认代表团组成。",
    },
    status: "scheduled",
    day: 30,
    time: "10:00",
    durationHours: 7,
    timeZone: "Asia/Almaty",
    attendance: "in-person",
    venue: { en: "CICA Headquarters, 10 Beibitshilik Street", ru: "Штаб-квартира СВМДА, ул. Бейбітшілік, 10", zh: "亚信总部，和平街10号" },
    city: { en: "Astana", ru: "Астана", zh: "阿斯塔纳" },
    country: "KZ",
    hostNames: [SECRETARIAT, MFA_KZ],
    targetAudience: [
      { en: "Delegations of CICA Member States;", ru: "Делегации государств — членов СВМДА;", zh: "亚信成员国代表团；" },
      { en: "Observer States and organisations (by invitation).", ru: "Государства и организации — наблюдатели (по приглашению).", zh: "观察员国和观察员组织（受邀）。" },
    ],
    objectives: [
      { en: "Review the implementation of the CICA Catalogue of Confidence Building Measures;", ru: "Рассмотреть реализацию Каталога мер доверия СВМДА;", zh: "审议《亚信信任措施目录》落实情况；" },
      { en: "Agree the draft agenda of the Senior Officials Committee.", ru: "Согласовать проект повестки дня Комитета старших должностных лиц.", zh: "商定高官委员会会议议程草案。" },
    ],
    workingLanguages: ["en", "ru", "zh"],
    interpretation: "simultaneous",
    contacts: [secretariatContact],
    registrationUrl: "https://www.s-cica.org/",
    registrationDeadlineDay: 20,
    themes: ["military-political", "new-challenges"],
  },
  {
    slug: "cica-workshop-on-countering-the-financing-of-terrorism",
    title: {
      en: "CICA Workshop on Countering the Financing of Terrorism",
      ru: "Семинар-практикум СВМДА по противодействию финансированию терроризма",
      zh: "亚信打击恐怖主义融资研讨会",
    },
    summary: {
      en: "Practitioners from financial intelligence units of CICA Member States share cases and tools for tracing terrorist financing.",
      ru: "Специалисты подразделений финансовой разведки государств — членов СВМДА делятся практикой и инструментами отслеживания финансирования терроризма.",
      zh: "亚信成员国金融情报机构人员分享追踪恐怖主义融资的案例和工具。",
    },
    status: "scheduled",
    day: -120,
    time: "09:30",
    durationHours: 8,
    timeZone: "Asia/Baku",
    attendance: "hybrid",
    venue: { en: "Boulevard Hotel", ru: "Отель «Бульвар»", zh: "林荫大道酒店" },
    city: { en: "Baku", ru: "Баку", zh: "巴库" },
    country: "AZ",
    onlineUrl: "https://www.s-cica.org/",
    hostNames: [MFA_AZ, SECRETARIAT],
    targetAudience: [
      { en: "Financial intelligence units of CICA Member States;", ru: "Подразделения финансовой разведки государств — членов СВМДА;", zh: "亚信成员国金融情报机构；" },
      { en: "Law-enforcement and judicial authorities.", ru: "Правоохранительные и судебные органы.", zh: "执法和司法机关。" },
    ],
    objectives: [
      { en: "Exchange practice in tracing and freezing terrorist assets;", ru: "Обмен практикой выявления и замораживания активов террористов;", zh: "交流追查和冻结恐怖分子资产的做法；" },
      { en: "Strengthen cooperation between financial intelligence units.", ru: "Укрепление взаимодействия подразделений финансовой разведки.", zh: "加强金融情报机构之间的合作。" },
    ],
    workingLanguages: ["en", "ru"],
    interpretation: "simultaneous",
    contacts: [
      {
        name: { en: "Ms. Leyla Mammadova", ru: "г-жа Лейла Мамедова", zh: "莱拉·马梅多娃女士" },
        organization: { en: "Ministry of Foreign Affairs of the Republic of Azerbaijan", ru: "МИД Азербайджанской Республики", zh: "阿塞拜疆共和国外交部" },
        phones: ["+994 12 596 91 00"],
        emails: ["cica.workshop@mfa.gov.az"],
      },
    ],
    themes: ["counter-terrorism", "new-challenges"],
  },
  {
    slug: "cica-online-forum-on-public-health-cooperation",
    title: {
      en: "CICA Online Forum on Public Health Cooperation",
      ru: "Онлайн-форум СВМДА по сотрудничеству в области здравоохранения",
      zh: "亚信公共卫生合作线上论坛",
    },
    summary: {
      en: "An online forum on preparedness for epidemics and the exchange of medical expertise among CICA Member States.",
      ru: "Онлайн-форум о готовности к эпидемиям и обмене медицинским опытом между государствами — членами СВМДА.",
      zh: "关于流行病防范和亚信成员国间医学专业交流的线上论坛。",
    },
    status: "scheduled",
    day: 14,
    time: "11:00",
    durationHours: 3,
    timeZone: "Asia/Tashkent",
    attendance: "online",
    onlineUrl: "https://www.s-cica.org/",
    hostNames: [MOH_UZ, SECRETARIAT],
    targetAudience: [
      { en: "Health ministries and sanitary-epidemiological services of CICA Member States.", ru: "Министерства здравоохранения и санитарно-эпидемиологические службы государств — членов СВМДА.", zh: "亚信成员国卫生部和卫生防疫部门。" },
    ],
    objectives: [
      { en: "Share national experience in epidemic preparedness and response.", ru: "Обмен национальным опытом подготовки к эпидемиям и реагирования на них.", zh: "分享各国流行病防范和应对经验。" },
    ],
    workingLanguages: ["en", "ru", "uz"],
    interpretation: "simultaneous",
    contacts: [
      {
        name: { en: "Mr. Bekzod Rakhimov", ru: "г-н Бекзод Рахимов", zh: "别克佐德·拉希莫夫先生" },
        organization: { en: "Ministry of Health of the Republic of Uzbekistan", ru: "Министерство здравоохранения Республики Узбекистан", zh: "乌兹别克斯坦共和国卫生部" },
        phones: ["+998 71 239 47 13"],
        emails: ["international@ssv.uz"],
      },
    ],
    registrationUrl: "https://www.s-cica.org/",
    registrationDeadlineDay: 10,
    themes: ["public-health", "human-dimension"],
  },
  {
    slug: "cica-conference-on-sustainable-tourism",
    title: {
      en: "CICA Conference on Sustainable Tourism",
      ru: "Конференция СВМДА по устойчивому туризму",
      zh: "亚信可持续旅游会议",
    },
    summary: {
      en: "Tourism administrations and businesses discuss sustainable routes along the Great Silk Road, in Almaty and online.",
      ru: "Туристские администрации и бизнес обсуждают устойчивые маршруты Великого Шёлкового пути — в Алматы и онлайн.",
      zh: "旅游管理部门和企业在阿拉木图及线上探讨丝绸之路沿线的可持续旅游线路。",
    },
    status: "scheduled",
    day: 60,
    time: "10:00",
    durationHours: 30,
    timeZone: "Asia/Almaty",
    attendance: "hybrid",
    venue: { en: "Kazakh-British Technical University", ru: "Казахстанско-Британский технический университет", zh: "哈萨克-英国技术大学" },
    city: { en: "Almaty", ru: "Алматы", zh: "阿拉木图" },
    country: "KZ",
    onlineUrl: "https://www.s-cica.org/",
    hostNames: [TOURISM_KZ, SECRETARIAT],
    targetAudience: [
      { en: "Tourism administrations of CICA Member States;", ru: "Администрации по туризму государств — членов СВМДА;", zh: "亚信成员国旅游管理部门；" },
      { en: "Tour operators and hospitality businesses.", ru: "Туроператоры и предприятия гостеприимства.", zh: "旅行社和酒店业企业。" },
    ],
    objectives: [
      { en: "Present joint tourist routes of CICA Member States;", ru: "Представить совместные туристские маршруты государств — членов СВМДА;", zh: "推介亚信成员国联合旅游线路；" },
      { en: "Agree steps to simplify travel for tourists.", ru: "Согласовать шаги по упрощению поездок туристов.", zh: "商定便利游客出行的措施。" },
    ],
    workingLanguages: ["en", "ru", "kk"],
    interpretation: "consecutive",
    contacts: [secretariatContact],
    registrationUrl: "https://www.s-cica.org/",
    registrationDeadlineDay: 45,
    themes: ["tourism", "economic"],
  },
  {
    slug: "cica-seminar-on-security-in-the-use-of-icts",
    title: {
      en: "CICA Seminar on Security of and in the Use of ICTs",
      ru: "Семинар СВМДА по безопасности в сфере использования ИКТ",
      zh: "亚信信息通信技术安全研讨会",
    },
    summary: {
      en: "Postponed at the request of the host: a seminar on cyber incidents, critical infrastructure and confidence-building measures in the ICT field.",
      ru: "Перенесён по просьбе принимающей стороны: семинар о киберинцидентах, критической инфраструктуре и мерах доверия в сфере ИКТ.",
      zh: "应东道方要求延期：关于网络事件、关键基础设施和信通技术领域信任措施的研讨会。",
    },
    status: "postponed",
    day: 75,
    previousDay: 10,
    time: "10:00",
    durationHours: 6,
    timeZone: "Asia/Almaty",
    attendance: "in-person",
    venue: { en: "Palace of Independence", ru: "Дворец Независимости", zh: "独立宫" },
    city: { en: "Astana", ru: "Астана", zh: "阿斯塔纳" },
    country: "KZ",
    hostNames: [MDDI_KZ, SECRETARIAT],
    targetAudience: [
      { en: "National computer emergency response teams;", ru: "Национальные группы реагирования на компьютерные инциденты;", zh: "国家计算机应急响应小组；" },
      { en: "Ministries responsible for information security.", ru: "Министерства, отвечающие за информационную безопасность.", zh: "负责信息安全的部委。" },
    ],
    objectives: [
      { en: "Discuss points of contact for ICT incidents among CICA Member States.", ru: "Обсудить контактные пункты по инцидентам в сфере ИКТ между государствами — членами СВМДА.", zh: "讨论亚信成员国之间信通技术事件联络点。" },
    ],
    workingLanguages: ["en", "ru"],
    interpretation: "simultaneous",
    contacts: [secretariatContact],
    themes: ["ict", "new-challenges"],
  },
  {
    slug: "cica-youth-forum",
    title: { en: "CICA Youth Forum", ru: "Молодёжный форум СВМДА", zh: "亚信青年论坛" },
    summary: {
      en: "Cancelled. The forum of young diplomats and researchers of CICA Member States will not take place on the announced date.",
      ru: "Отменён. Форум молодых дипломатов и исследователей государств — членов СВМДА не состоится в объявленную дату.",
      zh: "已取消。亚信成员国青年外交官和研究人员论坛不会在公布的日期举行。",
    },
    status: "cancelled",
    day: 20,
    time: "15:00",
    durationHours: 4,
    timeZone: "Asia/Almaty",
    attendance: "in-person",
    venue: { en: "Nazarbayev University", ru: "Назарбаев Университет", zh: "纳扎尔巴耶夫大学" },
    city: { en: "Astana", ru: "Астана", zh: "阿斯塔纳" },
    country: "KZ",
    hostNames: [SECRETARIAT],
    targetAudience: [
      { en: "Young diplomats and researchers aged 21 to 35.", ru: "Молодые дипломаты и исследователи в возрасте от 21 до 35 лет.", zh: "21至35岁的青年外交官和研究人员。" },
    ],
    objectives: [{ en: "Build a network of young professionals of CICA Member States.", ru: "Создать сеть молодых специалистов государств — членов СВМДА.", zh: "建立亚信成员国青年专业人员网络。" }],
    workingLanguages: ["en", "ru"],
    interpretation: "none",
    contacts: [secretariatContact],
    themes: ["culture-youth"],
  },
  {
    slug: "cica-business-council-meeting-on-small-and-medium-enterprises",
    title: { en: "CICA Business Council Meeting on Small and Medium Enterprises" },
    summary: { en: "Business associations of CICA Member States discuss access to finance and markets for small and medium enterprises." },
    bodyMarkdown: { en: "The Russian and Chinese versions of this announcement will follow." },
    status: "tentative",
    day: 45,
    time: "14:00",
    durationHours: 3,
    timeZone: "Europe/Moscow",
    attendance: "online",
    onlineUrl: "https://www.s-cica.org/",
    hostNames: [SECRETARIAT],
    targetAudience: [{ en: "Business associations and chambers of commerce of CICA Member States." }],
    objectives: [{ en: "Identify obstacles to cross-border trade for small and medium enterprises." }],
    workingLanguages: ["en"],
    interpretation: "none",
    contacts: [secretariatContact],
    themes: ["smes", "economic"],
  },
];

/** Midnight-aligned day offsets turned into the wall-clock time of the event's zone. */
export function instantFor(dayOffset: number, time: string, timeZone: string, now = new Date()): string {
  const day = new Date(now.getTime() + dayOffset * 86_400_000).toISOString().slice(0, 10);
  return wallClockToInstant(`${day}T${time}`, timeZone);
}
