export * from './london-day';
export * from './reporting-period';
