// node --test gateway/tests/ (make test-widget)
import assert from "node:assert/strict";
import { test } from "node:test";

import { distinctStarts } from "../widget/js/starts.js";

const anna = { id: "a", name: "Anna" };
const marco = { id: "m", name: "Marco" };
const slot = (start, staff, heldByYou = false) => ({ start, staff, held_by_you: heldByYou });

test("a start two staff members offer is shown once, in time order", () => {
  const starts = distinctStarts([
    slot("2026-12-02T10:00:00+01:00", anna),
    slot("2026-12-02T09:00:00+01:00", marco),
    slot("2026-12-02T10:00:00+01:00", marco),
    slot("2026-12-02T09:30:00+01:00", anna),
  ]);
  assert.deepEqual(
    starts.map((s) => [s.start, s.staff.name]),
    [
      ["2026-12-02T09:00:00+01:00", "Marco"],
      ["2026-12-02T09:30:00+01:00", "Anna"],
      ["2026-12-02T10:00:00+01:00", "Anna"],
    ],
  );
});

test("the staff member this cart holds the start with wins, whichever comes first", () => {
  const held = slot("2026-12-02T10:00:00+01:00", marco, true);
  assert.equal(distinctStarts([slot("2026-12-02T10:00:00+01:00", anna), held])[0], held);
  assert.equal(distinctStarts([held, slot("2026-12-02T10:00:00+01:00", anna)])[0], held);
});

test("one instant written with two offsets is one start", () => {
  const starts = distinctStarts([
    slot("2026-12-02T10:00:00+01:00", anna),
    slot("2026-12-02T09:00:00Z", marco),
  ]);
  assert.equal(starts.length, 1);
});

test("the two 02:30 starts of the night the clocks go back are two starts", () => {
  // Europe/Zurich, 31 October 2027: 02:30 happens at +02:00 and again at +01:00.
  const starts = distinctStarts([
    slot("2027-10-31T02:30:00+01:00", anna),
    slot("2027-10-31T02:30:00+02:00", anna),
  ]);
  assert.deepEqual(
    starts.map((s) => s.start),
    ["2027-10-31T02:30:00+02:00", "2027-10-31T02:30:00+01:00"],
  );
});

test("no slots, no starts", () => {
  assert.deepEqual(distinctStarts([]), []);
});
