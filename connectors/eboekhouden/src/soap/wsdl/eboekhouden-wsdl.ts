/**
 * Our WSDL for the e-Boekhouden SOAP service, rendered from the contract by the shared renderer:
 * document/literal, `elementFormDefault="qualified"`, a SOAP 1.1 and a SOAP 1.2 port, SOAPAction
 * `http://www.e-boekhouden.nl/soap/<Operation>`. It is a TypeScript string so it ships in the build.
 */
import { renderSoapWsdl } from '@koppelwerk/core';
import { EBOEKHOUDEN_CONTRACT } from './soap-contract';

/** The WSDL text, served by the simulator at `/soap.asmx?wsdl`. */
export const EBOEKHOUDEN_WSDL: string = renderSoapWsdl(EBOEKHOUDEN_CONTRACT);
