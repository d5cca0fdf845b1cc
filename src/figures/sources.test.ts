import { describe, expect, it } from "vitest";
import { classifyCitation, normalizeSource } from "./sources.ts";

describe("normalizeSource", () => {
  it("maps the reference file's source strings to a short source and family", () => {
    expect(normalizeSource("USG (INCSR)")).toEqual({ source: "INCSR", family: "US", relayed: false });
    expect(normalizeSource("ONDCP/CNC")).toEqual({ source: "ONDCP", family: "US", relayed: false });
    expect(normalizeSource("USG (State/CNC)")).toEqual({ source: "CNC", family: "US", relayed: false });
    expect(normalizeSource("UNODC/SIMCI")).toEqual({ source: "UNODC", family: "UN", relayed: false });
    expect(normalizeSource("DEVIDA")).toEqual({ source: "DEVIDA", family: "national", relayed: false });
    expect(normalizeSource("Government of Bolivia (via UNODC)")).toEqual({ source: "Government of Bolivia", family: "national", relayed: true });
    expect(normalizeSource("Government of Peru/CORAH (via UNODC)")).toEqual({ source: "Government of Peru", family: "national", relayed: true });
    expect(normalizeSource("Bolivian law 906")).toEqual({ source: "Government of Bolivia", family: "national", relayed: false });
  });

  it("does not guess unknown sources", () => {
    expect(normalizeSource("Some NGO")).toBeUndefined();
  });
});

describe("classifyCitation", () => {
  const ondcp = normalizeSource("ONDCP")!;
  const unodc = normalizeSource("UNODC")!;
  it("counts the producer's own document on its own site, or cited without a URL, as producer", () => {
    expect(classifyCitation(ondcp, "ONDCP press release 2022-07-14; https://www.whitehouse.gov/x")).toBe("producer");
    expect(classifyCitation(ondcp, "ONDCP release 2016; https://obamawhitehouse.archives.gov/x")).toBe("producer");
    expect(classifyCitation(unodc, "UNODC Peru coca survey 2016; https://www.unodc.org:443/x")).toBe("producer");
    expect(classifyCitation(unodc, "UNODC World Drug Report 2010, ch. 2.3 Coca/cocaine")).toBe("producer");
  });

  it("counts the producer's document served by someone else as a repost, never as producer", () => {
    expect(classifyCitation(unodc, "UNODC World Drug Report 2010, ch. 2.3 Coca/cocaine; https://docslib.org/x")).toBe("repost");
    expect(classifyCitation(ondcp, "ONDCP press release 2019-03-05; https://imperialvalleynews.com/x")).toBe("repost");
    expect(classifyCitation(normalizeSource("DEVIDA")!, "DEVIDA, Peru. Monitoreo de cultivos de coca 2022; https://es.scribd.com/x")).toBe("repost");
  });

  it("counts an abstract or a transcription as secondary", () => {
    expect(classifyCitation(unodc, "UNODC, Coca Cultivation in the Andean Region (June 2005) abstract, NCJ 211422; https://ojp.gov./x")).toBe("secondary");
    expect(classifyCitation(normalizeSource("DEVIDA")!, "DEVIDA coca monitoring tables transcribed in GitHub repo a/b")).toBe("secondary");
  });

  it("counts a news item, a blog or a quotation relaying the figure as secondary", () => {
    expect(classifyCitation(unodc, "BBC 2008-06-18 citing UNODC Andean coca survey 2007; http://x")).toBe("secondary");
    expect(classifyCitation(ondcp, "Andean Information Network 2013-08-13; http://x")).toBe("secondary");
    expect(classifyCitation(normalizeSource("USG (INCSR)")!, "INCSR 2018 p.136 as quoted by http://x")).toBe("secondary");
    expect(classifyCitation(normalizeSource("Government of Bolivia (via UNODC)")!, "UNODC, Fact sheet; https://x")).toBe("secondary");
  });
});
