import type { Language } from "../languages.ts";
import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en, type Messages } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { he } from "./he.ts";
import { it } from "./it.ts";
import { ja } from "./ja.ts";
import { nl } from "./nl.ts";
import { ptBR } from "./pt-BR.ts";
import { zhCN } from "./zh-CN.ts";

/**
 * Every catalog, for the server: it picks one per request and hands only that one
 * to the page, so a visitor's browser never downloads the other ten.
 */
export const CATALOGS: Record<Language, Messages> = { en, es, fr, de, "pt-BR": ptBR, it, nl, ja, "zh-CN": zhCN, ar, he };
