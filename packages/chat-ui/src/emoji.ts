/** A small built-in set: the faces and gestures people use with customer service (the workbench's picker uses it too). */
export const EMOJI = '😀 😁 😂 🤣 😊 😍 😘 😎 🤔 😅 😉 🙂 🙃 😐 😮 😢 😭 😡 😱 😴 🤗 🤝 👍 👎 👏 🙏 👌 ✌️ 👋 💪 ❤️ 💔 🎉 🔥 ⭐ ✅ ❌ ❓ 📦 🚚 💰 🧾 📞 ⏰ 🎁'.split(' ');
