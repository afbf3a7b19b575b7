import { createPublisher, createSubscriber, type ValidationPolicy } from '@switchboard/core';

// Trusted publishers that share the catalog with every deployed subscriber:
const validation: ValidationPolicy = 'publish';
export const publisher = createPublisher({ provider: 'memory', validate: validation });
export const subscriber = createSubscriber({ provider: 'memory', validate: validation });
