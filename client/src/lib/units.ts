// The types of consumption and the units each allows, as the schema says.

import type { ConsumptionType, Unit } from '../gql/graphql';

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
