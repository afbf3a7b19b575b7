// Stand-in for the app's webhook verification and MongoDB write.
export declare function storeInboundSms(request: Request): Promise<{
  id: string;
  userId: string;
  contactId: string;
  phoneNumberId: string;
  from: string;
  to: string;
  text: string;
}>;

// Stand-in for the app's number provisioning (the carrier's API, then the write).
export declare function assignNumber(userId: string): Promise<{ id: string; phoneNumber: string }>;
