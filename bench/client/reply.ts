/** A long Markdown reply like a chatbot's: headings, paragraphs, lists, links and code blocks. */
export function benchReply(targetBytes = 40_000): string {
  const sections: string[] = [];
  for (let n = 1; sections.join("").length < targetBytes; n++) {
    sections.push(
      `## Section ${n}\n\n` +
        `Orders placed before **2 pm** ship the same day; see [the policy](https://example.com/policy/${n}) and \`GET /orders/${n}\`.\n` +
        `Returns are free within 30 days, and refunds reach your card in 3 to 5 working days.\n\n` +
        `- Standard delivery: 2 to 4 days\n- Express delivery: next day\n- Pick-up: from 10 am\n\n` +
        `1. Open your account\n2. Choose *Orders*\n3. Press **Track**\n\n` +
        "```js\n" +
        `export async function track(id = ${n}) {\n  const response = await fetch(\`/api/orders/\${id}\`);\n  return (await response.json()).status; // "shipped"\n}\n` +
        "```\n\n",
    );
  }
  return sections.join("");
}
