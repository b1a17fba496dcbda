// node --test gateway/tests/ (make test-widget)
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  calendarKeyMove,
  calendarKeyTarget,
  monthsBetween,
  shiftMonth,
} from "../widget/js/calendar.js";

test("arrows cross the ends of months and years", () => {
  assert.equal(calendarKeyTarget("ArrowRight", false, "2026-11-30"), "2026-12-01");
  assert.equal(calendarKeyTarget("ArrowRight", false, "2026-12-31"), "2027-01-01");
  assert.equal(calendarKeyTarget("ArrowLeft", false, "2027-01-01"), "2026-12-31");
  assert.equal(calendarKeyTarget("ArrowDown", false, "2026-12-28"), "2027-01-04");
  assert.equal(calendarKeyTarget("ArrowUp", false, "2027-03-03"), "2027-02-24");
});

test("a daylight-saving day is one day like any other", () => {
  // Zurich (and most of Europe) moves its clocks on 28 March and 31 October 2027.
  assert.equal(calendarKeyTarget("ArrowRight", false, "2027-03-27"), "2027-03-28");
  assert.equal(calendarKeyTarget("ArrowRight", false, "2027-03-28"), "2027-03-29");
  assert.equal(calendarKeyTarget("ArrowDown", false, "2027-03-25"), "2027-04-01");
  assert.equal(calendarKeyTarget("ArrowLeft", false, "2027-11-01"), "2027-10-31");
});

test("Home and End go to the week's Monday and Sunday, across months", () => {
  assert.equal(calendarKeyTarget("Home", false, "2026-12-02"), "2026-11-30");
  assert.equal(calendarKeyTarget("End", false, "2026-12-30"), "2027-01-03");
  assert.equal(calendarKeyTarget("Home", false, "2026-11-30"), "2026-11-30");
});

test("PageUp and PageDown keep the day, or take the shorter month's last one", () => {
  assert.equal(calendarKeyTarget("PageDown", false, "2027-01-31"), "2027-02-28");
  assert.equal(calendarKeyTarget("PageDown", false, "2028-01-31"), "2028-02-29");
  assert.equal(calendarKeyTarget("PageUp", false, "2027-03-31"), "2027-02-28");
  assert.equal(calendarKeyTarget("PageDown", false, "2026-12-15"), "2027-01-15");
  assert.equal(calendarKeyTarget("PageDown", true, "2028-02-29"), "2029-02-28");
  assert.equal(calendarKeyTarget("PageUp", true, "2027-01-10"), "2026-01-10");
});

test("other keys move nowhere", () => {
  assert.equal(calendarKeyTarget("Enter", false, "2026-12-01"), null);
  assert.equal(calendarKeyTarget("a", false, "2026-12-01"), null);
});

test("months shift and count across years", () => {
  assert.equal(shiftMonth("2026-12", 1), "2027-01");
  assert.equal(shiftMonth("2027-01", -1), "2026-12");
  assert.equal(shiftMonth("2026-11", 14), "2028-01");
  assert.equal(shiftMonth("2027-03", -15), "2025-12");
  assert.equal(shiftMonth("2026-07", 0), "2026-07");
  assert.equal(shiftMonth("9000-12", -1), "9000-11");
  assert.equal(monthsBetween("2026-12", "2027-01"), 1);
  assert.equal(monthsBetween("2027-01", "2026-11"), -2);
  assert.equal(monthsBetween("2026-11", "2026-11"), 0);
});

test("a key on the grid focuses a day of the shown month without turning it", () => {
  const today = "2026-12-10";
  assert.deepEqual(calendarKeyMove("ArrowRight", false, "2026-12-14", today), {
    date: "2026-12-15",
    months: 0,
  });
  assert.deepEqual(calendarKeyMove("Home", false, "2026-12-17", today), {
    date: "2026-12-14",
    months: 0,
  });
});

test("a key past the month's end turns the grid to the target's month", () => {
  const today = "2026-12-10";
  assert.deepEqual(calendarKeyMove("ArrowDown", false, "2026-12-28", today), {
    date: "2027-01-04",
    months: 1,
  });
  assert.deepEqual(calendarKeyMove("PageDown", true, "2026-12-31", today), {
    date: "2027-12-31",
    months: 12,
  });
  assert.deepEqual(calendarKeyMove("ArrowLeft", false, "2027-01-01", today), {
    date: "2026-12-31",
    months: -1,
  });
});

test("no key leads into a month before today's, but the grid keeps the key", () => {
  const today = "2026-12-10";
  assert.deepEqual(calendarKeyMove("ArrowUp", false, "2026-12-03", today), {
    date: null,
    months: 0,
  });
  assert.deepEqual(calendarKeyMove("PageUp", false, "2026-12-20", today), {
    date: null,
    months: 0,
  });
  // Earlier days of today's month stay reachable: the grid shows them as past.
  assert.deepEqual(calendarKeyMove("ArrowUp", false, "2026-12-08", today), {
    date: "2026-12-01",
    months: 0,
  });
});

test("keys the grid does not use are left to the browser", () => {
  assert.equal(calendarKeyMove("Tab", false, "2026-12-14", "2026-12-10"), null);
  assert.equal(calendarKeyMove("Enter", false, "2026-12-14", "2026-12-10"), null);
});
