// Messages in English and German, and date, time and money formatting in the
// customer's language and time zone.

export const LANGUAGES = { en: "English", de: "Deutsch" };
const catalogs = {};

export async function loadCatalogs() {
  await Promise.all(
    Object.keys(LANGUAGES).map(async (lang) => {
      const response = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url));
      catalogs[lang] = await response.json();
    }),
  );
}

// ?lang= first, then the customer's earlier choice, then the browser, then the tenant.
export function pickLanguage({ query, saved, browser, tenant }) {
  for (const candidate of [query, saved, ...(browser || []), tenant]) {
    const lang = (candidate || "").toLowerCase().slice(0, 2);
    if (lang in LANGUAGES) return lang;
  }
  return "en";
}

// Formats follow the browser's own variant of the chosen language (en-GB
// writes 14:30, en-US 2:30 PM), else the language itself.
function localeFor(lang) {
  const preferred = navigator.languages || [navigator.language || ""];
  return preferred.find((l) => l && l.toLowerCase().slice(0, 2) === lang) || lang;
}

export function createI18n(initialLang, tz) {
  const i18n = {
    lang: initialLang,
    get locale() {
      return localeFor(i18n.lang);
    },
    tz,
    labels: {},
    t(key, vars = {}) {
      const text = i18n.label(key) ?? catalogs[i18n.lang]?.[key] ?? catalogs.en?.[key] ?? key;
      return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
    },
    // Tenant labels ("Choose photographer") override messages. The API's labels are
    // strings: "choose_staff" is in the tenant's language, "choose_staff_de" in German.
    labelsLang: "en",
    label(key) {
      const own = i18n.labels[`${key}_${i18n.lang}`];
      if (own) return own;
      const value = i18n.labels[key];
      return value && i18n.lang === i18n.labelsLang ? value : null;
    },
    money(amount, currency) {
      if (amount == null || !currency) return "";
      const code = currency.toUpperCase();
      const format = new Intl.NumberFormat(i18n.locale, { style: "currency", currency: code });
      const digits = format.resolvedOptions().maximumFractionDigits;
      return format.format(amount / 10 ** digits);
    },
    // A calendar date (YYYY-MM-DD) as words; it is a date, not an instant, so UTC.
    date(iso, options = { weekday: "long", day: "numeric", month: "long" }) {
      const [y, m, d] = iso.split("-").map(Number);
      return new Intl.DateTimeFormat(i18n.locale, { ...options, timeZone: "UTC" }).format(
        new Date(Date.UTC(y, m - 1, d)),
      );
    },
    month(yearMonth) {
      const [y, m] = yearMonth.split("-").map(Number);
      return new Intl.DateTimeFormat(i18n.locale, {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(Date.UTC(y, m - 1, 1)));
    },
    weekdayShort(index) {
      // 2024-01-01 was a Monday.
      return new Intl.DateTimeFormat(i18n.locale, { weekday: "short", timeZone: "UTC" }).format(
        new Date(Date.UTC(2024, 0, 1 + index)),
      );
    },
    weekdayLong(index) {
      return new Intl.DateTimeFormat(i18n.locale, { weekday: "long", timeZone: "UTC" }).format(
        new Date(Date.UTC(2024, 0, 1 + index)),
      );
    },
    time(instant) {
      return new Intl.DateTimeFormat(i18n.locale, {
        hour: "numeric",
        minute: "2-digit",
        timeZone: i18n.tz,
      }).format(new Date(instant));
    },
    dateTime(instant) {
      return new Intl.DateTimeFormat(i18n.locale, {
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone: i18n.tz,
      }).format(new Date(instant));
    },
    zoneName(instant) {
      const parts = new Intl.DateTimeFormat(i18n.locale, {
        timeZone: i18n.tz,
        timeZoneName: "short",
      }).formatToParts(new Date(instant || Date.now()));
      const short = parts.find((p) => p.type === "timeZoneName")?.value;
      return short ? `${i18n.tz} (${short})` : i18n.tz;
    },
  };
  return i18n;
}

// Today's date (YYYY-MM-DD) in a time zone.
export function todayIn(tz, now = Date.now()) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(now));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}
