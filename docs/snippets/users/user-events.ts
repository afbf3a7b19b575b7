// Shared contract: the events a server may send to one user, wherever they are signed in.
import { defineUserEvents, type StandardSchemaV1 } from '@switchboard/core';

declare const orderShipped: StandardSchemaV1<{ orderId: string; carrier: string }>;

export const userEvents = defineUserEvents({ 'order:shipped': orderShipped });
