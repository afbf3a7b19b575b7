import { createPublisher, createSubscriber, type ValidationPolicy } from '@switchboard/core';

// Trusted publishers that share the catalog with every deployed subscriber:
const validation: ValidationPolicy = 'publish';
const publisher = createPublisher({ provider: 'memory', validate: validation });
const subscriber = createSubscriber({ provider: 'memory', validate: validation });
