import type { AllocationLine } from '../../src/core/allocation';

/** An Orders line waiting for one HS-30 since the first of March, with everything else plain. */
export function orderLine(index: number, over: Partial<AllocationLine> = {}): AllocationLine {
  return {
    index,
    orderId: `O-${index}`,
    customer: `Customer ${index}`,
    email: `c${index}@example.com`,
    sku: 'HS-30',
    qty: 1,
    shipped: 0,
    status: 'BackOrder',
    since: '2026-03-01',
    orderDate: '2026-02-28',
    priority: '',
    shipPreference: '',
    allocated: null,
    ...over,
  };
}
