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
