/**
 * The Slack short names people actually type in incidents, kept small on purpose:
 * a full emoji table would weigh more than the rest of the app. Unknown names stay
 * as `:name:`.
 */
const EMOJI: Record<string, string> = {
  '+1': '👍', '-1': '👎', thumbsup: '👍', thumbsdown: '👎', ok_hand: '👌', clap: '👏', pray: '🙏',
  raised_hands: '🙌', wave: '👋', muscle: '💪', point_up: '☝️', point_right: '👉', eyes: '👀',
  smile: '😄', slightly_smiling_face: '🙂', grinning: '😀', joy: '😂', wink: '😉', thinking_face: '🤔',
  sweat_smile: '😅', scream: '😱', cry: '😢', sob: '😭', confused: '😕', neutral_face: '😐',
  face_palm: '🤦', facepalm: '🤦', shrug: '🤷', tada: '🎉', party_popper: '🎉', rocket: '🚀',
  fire: '🔥', boom: '💥', zap: '⚡', sparkles: '✨', star: '⭐', heart: '❤️', broken_heart: '💔',
  warning: '⚠️', rotating_light: '🚨', sos: '🆘', exclamation: '❗', question: '❓', bangbang: '‼️',
  no_entry: '⛔', no_entry_sign: '🚫', x: '❌', white_check_mark: '✅', heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️', red_circle: '🔴', large_green_circle: '🟢', large_yellow_circle: '🟡',
  large_orange_circle: '🟠', large_blue_circle: '🔵', green_heart: '💚', yellow_heart: '💛',
  bug: '🐛', beetle: '🐞', wrench: '🔧', hammer: '🔨', hammer_and_wrench: '🛠️', gear: '⚙️',
  lock: '🔒', unlock: '🔓', key: '🔑', mag: '🔍', bulb: '💡', memo: '📝', pencil: '📝',
  pencil2: '✏️', clipboard: '📋', pushpin: '📌', round_pushpin: '📍', link: '🔗', paperclip: '📎',
  calendar: '📆', date: '📅', clock: '🕐', hourglass: '⌛', stopwatch: '⏱️', alarm_clock: '⏰',
  chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉', bar_chart: '📊', email: '📧',
  phone: '📱', computer: '💻', desktop_computer: '🖥️', floppy_disk: '💾', cd: '💿', package: '📦',
  globe_with_meridians: '🌐', cloud: '☁️', thunder_cloud_and_rain: '⛈️', rain_cloud: '🌧️',
  partly_sunny_rain: '🌦️', mostly_sunny: '🌤️', sunny: '☀️', rainbow: '🌈', snowflake: '❄️',
  ambulance: '🚑', fire_engine: '🚒', construction: '🚧', traffic_light: '🚦', stop_sign: '🛑',
  skull: '💀', ghost: '👻', robot_face: '🤖', see_no_evil: '🙈', money_with_wings: '💸',
  moneybag: '💰', coffee: '☕', pizza: '🍕', beers: '🍻', 100: '💯', heavy_plus_sign: '➕',
  heavy_minus_sign: '➖', arrow_up: '⬆️', arrow_down: '⬇️', arrow_right: '➡️', arrow_left: '⬅️',
  repeat: '🔁', arrows_counterclockwise: '🔄', hourglass_flowing_sand: '⏳', speech_balloon: '💬',
  loudspeaker: '📢', mega: '📣', bell: '🔔', no_bell: '🔕', mute: '🔇', sound: '🔉', dart: '🎯',
  trophy: '🏆', medal: '🏅', checkered_flag: '🏁', triangular_flag_on_post: '🚩', white_flag: '🏳️',
  information_source: 'ℹ️', new: '🆕', up: '🆙', cool: '🆒', ok: '🆗', sleeping: '😴', zzz: '💤',
};

export function emoji(name: string): string | undefined {
  return EMOJI[name];
}
