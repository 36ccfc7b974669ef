// The CMS suites' test event comes from the one fixture set.
export { chinese, englishEvent, russian } from "@cica/fixtures";
