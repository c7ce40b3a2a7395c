// TAPI country/region IDs that are not simply a calling code, as two open tables give them.
// (Where a country's calling code is its own, TAPI's ID is that code: countries.ts takes those
// from libphonenumber-js, so they are not listed here.)
//
//   ReactOS  boot/bootdata/hivesft.inf, the keys of
//            HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Telephony\Country List
//            (reactos/reactos, read at commit 05c39d8d62f2).
//   ICQ      KDE Kopete protocols/oscar/icq/icqprotocol.cpp, ICQProtocol::initCountries
//            (KDE/kopete, read at commit 3ed5ea10e). ICQ's list follows TAPI numbering but
//            adds IDs of its own, which are left out: 0 and 9999 (unspecified, unknown), the
//            four-digit ones (1021, 1141, 2691, 3811, 4101, 4201, 5901, 5902, 6101, 6102,
//            6701, 6702, 6722), 441/442 (Wales, Scotland), 42 (Czech Republic under the old
//            Czechoslovak code; ReactOS has 420), 178 (Canary Islands), 379 (Vatican City,
//            whose code is +39), 671 (Guam) and 684 (American Samoa), the codes these two
//            had before they joined +1. Where ICQ names another
//            country for a number that is a calling code today (269 Mayotte, 670 Saipan,
//            672 Christmas Island), the calling code's country is kept.
//
// Kept from ICQ beyond ReactOS: its 1xx IDs of the +1 members and 7xx IDs of the +7 members,
// the numbering ReactOS shows for 106, 107, 109, 110, 705 and 708, and the main members of
// shared codes (212, 262, 290, 590, 599).
//
// The sources disagree on three IDs, marked `disputed`: ICQ gives Kyrgyzstan 706,
// Turkmenistan 709 and Uzbekistan 711, where ReactOS lists their calling codes 996, 993 and
// 998. Both numbers are accepted (an existing phone book may hold either); the picker shows
// the disagreement.

/** Which table gives an ID. */
export type TTapiSource = "ReactOS" | "ICQ";

/** One TAPI ID of the tables: the ISO country it belongs to and, for part of one, which part. */
export type TTapiSourceId = {
  id: number;
  iso: string;
  /** Part of the country the ID stands for (ICQ has separate IDs for Antigua and Barbuda). */
  part?: string;
  sources: readonly TTapiSource[];
  /** Why this ID is in doubt (the tables disagree). */
  disputed?: string;
};

const BOTH: readonly TTapiSource[] = ["ReactOS", "ICQ"];
const ICQ: readonly TTapiSource[] = ["ICQ"];

/** TAPI IDs of the members of shared calling codes, and the IDs the tables disagree on. */
export const TAPI_SOURCE_IDS: readonly TTapiSourceId[] = [
  // +1, the North American Numbering Plan: the United States is 1, the others 101–123.
  { id: 1, iso: "US", sources: BOTH },
  { id: 101, iso: "AI", sources: ICQ },
  { id: 102, iso: "AG", part: "Antigua", sources: ICQ },
  { id: 103, iso: "BS", sources: ICQ },
  { id: 104, iso: "BB", sources: ICQ },
  { id: 105, iso: "BM", sources: ICQ },
  { id: 106, iso: "VG", sources: BOTH },
  { id: 107, iso: "CA", sources: BOTH },
  { id: 108, iso: "KY", sources: ICQ },
  { id: 109, iso: "DM", sources: BOTH },
  { id: 110, iso: "DO", sources: BOTH },
  { id: 111, iso: "GD", sources: ICQ },
  { id: 112, iso: "JM", sources: ICQ },
  { id: 113, iso: "MS", sources: ICQ },
  { id: 114, iso: "KN", part: "Nevis", sources: ICQ },
  { id: 115, iso: "KN", part: "St. Kitts", sources: ICQ },
  { id: 116, iso: "VC", sources: ICQ },
  { id: 117, iso: "TT", sources: ICQ },
  { id: 118, iso: "TC", sources: ICQ },
  { id: 120, iso: "AG", part: "Barbuda", sources: ICQ },
  { id: 121, iso: "PR", sources: ICQ },
  { id: 122, iso: "LC", sources: ICQ },
  { id: 123, iso: "VI", sources: ICQ },
  // +7: Russia is 7, Kazakhstan 705; 7xx also for former members of +7.
  { id: 7, iso: "RU", sources: BOTH },
  { id: 705, iso: "KZ", sources: BOTH },
  { id: 706, iso: "KG", sources: ICQ, disputed: "ICQ's list only; ReactOS lists Kyrgyzstan as 996" },
  { id: 708, iso: "TJ", sources: BOTH },
  { id: 709, iso: "TM", sources: ICQ, disputed: "ICQ's list only; ReactOS lists Turkmenistan as 993" },
  { id: 711, iso: "UZ", sources: ICQ, disputed: "ICQ's list only; ReactOS lists Uzbekistan as 998" },
  // The main members of the other shared codes keep the code.
  { id: 39, iso: "IT", sources: BOTH },
  { id: 44, iso: "GB", sources: BOTH },
  { id: 47, iso: "NO", sources: BOTH },
  { id: 61, iso: "AU", sources: BOTH },
  { id: 212, iso: "MA", sources: ICQ },
  { id: 262, iso: "RE", sources: ICQ },
  { id: 290, iso: "SH", sources: ICQ },
  { id: 358, iso: "FI", sources: BOTH },
  { id: 590, iso: "GP", sources: ICQ },
  // ICQ: "Netherlands Antilles", whose +599 Curaçao and the Caribbean Netherlands kept.
  { id: 599, iso: "CW", sources: ICQ },
];
