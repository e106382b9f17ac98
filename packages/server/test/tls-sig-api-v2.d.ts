declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkAppId: number, secretKey: string);
    genSig(identifier: string, expire: number): string;
  }
  const TLSSigAPIv2: { Api: typeof Api };
  export default TLSSigAPIv2;
}
