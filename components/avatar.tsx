import type { Branding } from "@/lib/config/branding";

/** The bot's avatar: the owner's image, else its initial on the accent colour. Decorative: the name stands beside it. */
export function Avatar({ branding, size = 32 }: { branding: Branding; size?: 32 | 56 }) {
  if (branding.avatarUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- any https URL the owner names; next/image would need each host configured
    return <img className="avatar" src={branding.avatarUrl} alt="" width={size} height={size} />;
  }
  return (
    <span className={`avatar avatar-initial avatar-${size}`} aria-hidden>
      {branding.botName.slice(0, 1).toUpperCase()}
    </span>
  );
}
