// The types of consumption and the units each allows, as the schema says.

import type { ConsumptionType, Unit } from '../gql/graphql';
import { formatAmount, shiftDecimal } from './decimal';

export const TYPES: readonly ConsumptionType[] = ['ELECTRICITY', 'WATER', 'GAS'];

export const UNITS_BY_TYPE: Readonly<Record<ConsumptionType, readonly Unit[]>> = {
  ELECTRICITY: ['KWH', 'WH', 'MWH'],
  WATER: ['CUBIC_METER', 'LITER'],
  GAS: ['CUBIC_METER', 'KWH'],
};

/** The unit the API reports each type in unless asked otherwise. */
export const DEFAULT_UNIT: Readonly<Record<ConsumptionType, Unit>> = {
  ELECTRICITY: 'KWH',
  WATER: 'CUBIC_METER',
  GAS: 'CUBIC_METER',
};

export const TYPE_LABEL: Readonly<Record<ConsumptionType, string>> = {
  ELECTRICITY: 'Electricity',
  WATER: 'Water',
  GAS: 'Gas',
};

export const UNIT_LABEL: Readonly<Record<Unit, string>> = {
  WH: 'Wh',
  KWH: 'kWh',
  MWH: 'MWh',
  LITER: 'L',
  CUBIC_METER: 'm³',
};

/** What a screen reader says for a unit. */
export const UNIT_NAME: Readonly<Record<Unit, string>> = {
  WH: 'watt-hours',
  KWH: 'kilowatt-hours',
  MWH: 'megawatt-hours',
  LITER: 'litres',
  CUBIC_METER: 'cubic metres',
};

export function isType(s: string): s is ConsumptionType {
  return (TYPES as readonly string[]).includes(s);
}

export function allowsUnit(type: ConsumptionType, unit: string): unit is Unit {
  return (UNITS_BY_TYPE[type] as readonly string[]).includes(unit);
}

/** The server's message for a unit that does not fit the type. */
export function unitMismatch(type: ConsumptionType, unit: string): string {
  const allowed = UNITS_BY_TYPE[type];
  const list = allowed.length === 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  return `${unit} is not a unit of ${TYPE_LABEL[type].toLowerCase()}; use ${list}.`;
}

const TYPE_ALIASES: Record<string, ConsumptionType> = {
  electricity: 'ELECTRICITY', electric: 'ELECTRICITY', power: 'ELECTRICITY',
  water: 'WATER',
  gas: 'GAS',
};

const UNIT_ALIASES: Record<string, Unit> = {
  wh: 'WH', kwh: 'KWH', mwh: 'MWH',
  liter: 'LITER', litre: 'LITER', liters: 'LITER', litres: 'LITER', l: 'LITER',
  cubic_meter: 'CUBIC_METER', cubic_metre: 'CUBIC_METER', m3: 'CUBIC_METER', 'm³': 'CUBIC_METER',
};

/** Reads a type as people write it ("electricity", "GAS"); null when unknown. */
export function parseType(s: string): ConsumptionType | null {
  return TYPE_ALIASES[s.trim().toLowerCase()] ?? null;
}

/** Reads a unit as people write it ("kWh", "m3", "litres"); null when unknown. */
export function parseUnit(s: string): Unit | null {
  return UNIT_ALIASES[s.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? null;
}

/** Units of one kind of quantity, each 1000 times the one before. */
const SCALES: readonly (readonly Unit[])[] = [
  ['WH', 'KWH', 'MWH'],
  ['LITER', 'CUBIC_METER'],
];

/** Whether a non-negative decimal string's whole part has the given number of digits or more. */
function wholeDigits(s: string): number {
  const int = (s.startsWith('-') ? s.slice(1) : s).split('.')[0]!.replace(/^0+/, '');
  return int.length;
}

/**
 * The amount in the unit of its kind that reads best: kept in its own unit
 * from 1 to 9,999 (the unit the person chose), else in the largest unit
 * that leaves a whole number ahead of the point: 0.090896 m³ is 90.896 L,
 * 0.009466 MWh is 9.466 kWh, 12,500 L is 12.5 m³. Exact: units a power of
 * ten apart move the decimal point.
 */
export function scaleAmount(value: string, unit: Unit): { value: string; unit: Unit } {
  const scale = SCALES.find((s) => s.includes(unit));
  const whole = wholeDigits(value);
  if (!scale || !/[1-9]/.test(value) || (whole >= 1 && whole <= 4)) return { value, unit };
  const at = scale.indexOf(unit);
  for (let i = scale.length - 1; i >= 0; i--) {
    const v = shiftDecimal(value, 3 * (at - i));
    if (wholeDigits(v) >= 1 || i === 0) return { value: v, unit: scale[i]! };
  }
  return { value, unit };
}

/** An amount with its unit for people, scaled (scaleAmount) and to 3–4 significant digits: "90.9 L". */
export function formatQuantity(value: string, unit: Unit): string {
  const s = scaleAmount(value, unit);
  return `${formatAmount(s.value)} ${UNIT_LABEL[s.unit]}`;
}
