// The application's tools: a warehouse list and a stock lookup, over fixed in-memory data. Both
// the code-mode agent (from sandboxed code) and the direct agent (one model tool call each) use
// these same AI SDK tools.
import { tool } from 'ai';
import { z } from 'zod';

/** The SKU the question asks about. */
export const questionSku = 'SKU-4411';

const cities = [
  'Aberdeen',
  'Antwerp',
  'Barcelona',
  'Bergen',
  'Bologna',
  'Bordeaux',
  'Bremen',
  'Bristol',
  'Brno',
  'Cork',
  'Dortmund',
  'Dresden',
  'Gdansk',
  'Genoa',
  'Ghent',
  'Graz',
  'Leeds',
  'Lille',
  'Linz',
  'Lyon',
  'Malmo',
  'Nantes',
  'Porto',
  'Poznan',
  'Rotterdam',
  'Seville',
  'Tampere',
  'Turin',
  'Utrecht',
  'Valencia',
];

/** 30 warehouses, W01 to W30. */
export const warehouses = cities.map((city, index) => ({
  id: `W${String(index + 1).padStart(2, '0')}`,
  city,
}));

/** Units on hand and reorder point of a SKU in a warehouse: fixed numbers, no randomness. */
function stockOf(warehouseId, sku) {
  const n = Number(warehouseId.slice(1));
  const seed = [...sku].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  const reorderPoint = 40 + ((n * 7 + seed) % 5) * 10;
  // Three warehouses run low on the question's SKU; every other one is well stocked.
  const low = sku === questionSku && [7, 18, 26].includes(n);
  const onHand = low ? reorderPoint - 5 - n : reorderPoint + 15 + ((n * 37 + seed) % 200);
  return { warehouseId, sku, onHand, reorderPoint };
}

/** The answer the data holds: warehouses whose units on hand are below the reorder point. */
export function lowStockTruth(sku = questionSku) {
  return warehouses
    .map((warehouse) => ({ ...warehouse, ...stockOf(warehouse.id, sku) }))
    .filter((row) => row.onHand < row.reorderPoint)
    .map((row) => row.id);
}

/**
 * The two AI SDK tools. `counter.calls` counts every execute, from the model or from code.
 */
export function createWarehouseTools(counter = { calls: 0 }) {
  return {
    getWarehouses: tool({
      description: 'Lists every warehouse of the company: its id and city.',
      inputSchema: z.object({}),
      outputSchema: z.array(z.object({ id: z.string(), city: z.string() })),
      execute: async () => {
        counter.calls++;
        return warehouses;
      },
    }),
    getStock: tool({
      description:
        'Stock of one SKU in one warehouse: units on hand and its reorder point (a warehouse is low when onHand < reorderPoint).',
      inputSchema: z.object({
        warehouseId: z.string().describe('A warehouse id from getWarehouses, e.g. W07.'),
        sku: z.string().describe('The SKU, e.g. SKU-4411.'),
      }),
      outputSchema: z.object({
        warehouseId: z.string(),
        sku: z.string(),
        onHand: z.number(),
        reorderPoint: z.number(),
      }),
      execute: async ({ warehouseId, sku }) => {
        counter.calls++;
        if (!warehouses.some((warehouse) => warehouse.id === warehouseId)) {
          throw new Error(`There is no warehouse ${warehouseId}: use an id from getWarehouses.`);
        }
        return stockOf(warehouseId, sku);
      },
    }),
  };
}
